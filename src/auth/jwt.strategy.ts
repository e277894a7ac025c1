import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { authConfig, type AuthConfig } from '../config/auth.config';
import type { AccessTokenClaims } from './auth.service';
import { AuthService } from './auth.service';

export const JWT_ISSUER = 'octopus';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: AuthConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A prebuilt KeyObject: jsonwebtoken would otherwise derive one from the string on every request.
      // (passport-jwt's types predate KeyObject; jsonwebtoken accepts it.)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (claims.typ !== 'access' || !claims.sub) return false;
    if (claims.sid && !(await this.auth.isSessionActive(claims.sid))) return false;
    return { id: claims.sub, email: claims.email, role: claims.role, via: 'jwt', sessionId: claims.sid ?? null };
  }
}
