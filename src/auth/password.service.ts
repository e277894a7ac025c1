import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { authConfig, type AuthConfig } from '../config/auth.config';

/** argon2id with a configurable cost (default: OWASP's minimum, m = 19 MiB, t = 2, p = 1). */
@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash = '';

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  async onModuleInit(): Promise<void> {
    // Unknown emails are checked against this hash so they cost the same time as known ones.
    this.dummyHash = await this.hash('octopus-dummy-password-for-timing');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.config.argon2 });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      const ok = await argon2.verify(hash ?? this.dummyHash, password);
      return hash !== null && ok;
    } catch {
      return false;
    }
  }
}
