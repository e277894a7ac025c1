import { ConfigType, registerAs } from '@nestjs/config';
import { loadConfig } from './configuration';

/** The validated configuration as a Nest config namespace: inject with `@Inject(appConfig.KEY)`. */
export const appConfig = registerAs('app', () => loadConfig(process.env));
export type AppConfigType = ConfigType<typeof appConfig>;
