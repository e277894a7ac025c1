import { ApiKey } from '../auth/entities/api-key.entity';
import { LoginAttempt } from '../auth/entities/login-attempt.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { User } from '../auth/entities/user.entity';

/** Every entity, listed once: the app and the TypeORM CLI load the same set. */
export const ENTITIES = [User, RefreshToken, ApiKey, LoginAttempt];
