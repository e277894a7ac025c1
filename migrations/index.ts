import { Auth1764000000000 } from './1764000000000-Auth';

/** Every migration in order. Listed explicitly so the app, the CLI and jest load the same classes. */
export const MIGRATIONS = [Auth1764000000000];
