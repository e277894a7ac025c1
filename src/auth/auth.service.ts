import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ConflictError, UnauthorizedError } from '../common/errors/app-error';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { LoginDto, RegisterDto, TokenDto, UserDto } from './dto/register.dto';
import { RefreshToken } from './entities/refresh-token.entity';
import type { UserRole } from '../common/user-role';
import { User } from './entities/user.entity';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { newOpaqueToken, REFRESH_TOKEN_PREFIX, sha256 } from './token.util';

export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: UserRole;
  /** The refresh-token family (login session) this access token belongs to. */
  sid: string;
  typ: 'access';
}

export const toUserDto = (u: User): UserDto => ({
  id: u.id,
  email: u.email,
  first_name: u.firstName,
  last_name: u.lastName,
  created_at: u.createdAt.toISOString(),
});

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly passwords: PasswordService,
    private readonly jwt: JwtService,
    private readonly loginThrottle: LoginThrottleService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.adminEmails.length) return;
    await this.db.query(`UPDATE users SET role = 'admin', updated_at = now() WHERE lower(email) = ANY($1) AND role <> 'admin'`, [
      this.config.adminEmails,
    ]);
  }

  private roleFor(email: string): UserRole {
    return this.config.adminEmails.includes(email.toLowerCase()) ? 'admin' : 'user';
  }

  async register(dto: RegisterDto): Promise<UserDto> {
    const email = dto.email.trim();
    const passwordHash = await this.passwords.hash(dto.password);
    const repo = this.db.getRepository(User);
    try {
      const user = await repo.save(
        repo.create({
          email,
          passwordHash,
          firstName: dto.first_name ?? null,
          lastName: dto.last_name ?? null,
          role: this.roleFor(email),
        }),
      );
      return toUserDto(user);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('An account with this email already exists', 'EmailTaken');
      throw e;
    }
  }

  async login(dto: LoginDto, ip: string): Promise<TokenDto> {
    const email = dto.email.trim();
    await this.loginThrottle.assertNotLocked(email, ip);
    const user = await this.db.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
    // Unknown emails verify against a dummy hash: same work, same time, same answer.
    const ok = await this.passwords.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !ok) {
      await this.loginThrottle.recordFailure(email, ip);
      throw new UnauthorizedError('Invalid email or password');
    }
    await this.loginThrottle.recordSuccess(email);
    if (user.role !== 'admin' && this.roleFor(user.email) === 'admin') {
      user.role = 'admin';
      await this.db.getRepository(User).update(user.id, { role: 'admin' });
    }
    return this.db.transaction((m) => this.issueTokens(m, user, randomUUID()));
  }

  /**
   * Rotates a refresh token. A token that was already used means it leaked (or a client raced itself):
   * the whole family is revoked and the caller must log in again.
   */
  async refresh(token: string): Promise<TokenDto> {
    if (!token.startsWith(REFRESH_TOKEN_PREFIX)) throw new UnauthorizedError('Not a refresh token');
    const hash = sha256(token);
    let reused: string | null = null;
    const result = await this.db.transaction(async (m) => {
      const row = await m
        .getRepository(RefreshToken)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash', { hash })
        .getOne();
      if (!row || row.revokedAt) return null;
      if (row.usedAt) {
        await this.revokeFamily(m, row.familyId);
        reused = row.familyId;
        return null;
      }
      if (row.expiresAt.getTime() <= Date.now()) return null;
      const user = await m.getRepository(User).findOneBy({ id: row.userId });
      if (!user) return null;
      await m.getRepository(RefreshToken).update(row.id, { usedAt: new Date() });
      return this.issueTokens(m, user, row.familyId);
    });
    if (reused) {
      this.logger.warn(`refresh token reuse detected, session ${reused} revoked`);
      throw new UnauthorizedError('Refresh token was already used; the session has been revoked, log in again');
    }
    if (!result) throw new UnauthorizedError('Invalid or expired refresh token');
    return result;
  }

  /** Revokes the session of the access token, and the session of a refresh token if one is given. */
  async logout(sessionId: string | null, refreshToken: string | undefined, userId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      if (sessionId) await this.revokeFamily(m, sessionId);
      if (refreshToken) {
        const row = await m.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken), userId });
        if (row) await this.revokeFamily(m, row.familyId);
      }
    });
    if (sessionId) this.revokedSessions.set(sessionId, true);
  }

  async me(userId: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id: userId });
  }

  /** Short cache of session checks: logout is immediate on this instance, within SESSION_CACHE_MS elsewhere. */
  private readonly revokedSessions = new Map<string, boolean>();
  private readonly sessionCheckedAt = new Map<string, number>();

  async isSessionActive(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const checked = this.sessionCheckedAt.get(sessionId);
    if (checked !== undefined && now - checked < SESSION_CACHE_MS) return !this.revokedSessions.get(sessionId);
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NOT NULL LIMIT 1`,
      [sessionId],
    );
    if (this.sessionCheckedAt.size > 50_000) this.sessionCheckedAt.clear();
    this.sessionCheckedAt.set(sessionId, now);
    this.revokedSessions.set(sessionId, rows.length > 0);
    return rows.length === 0;
  }

  private async revokeFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issueTokens(m: EntityManager, user: User, familyId: string): Promise<TokenDto> {
    const refreshToken = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    await m.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtl * 1000),
    });
    const claims: AccessTokenClaims = { sub: user.id, email: user.email, role: user.role, sid: familyId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.accessTtl, jwtid: randomUUID(), issuer: 'octopus', algorithm: 'HS256' });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.config.jwt.accessTtl,
      refresh_token: refreshToken,
      refresh_expires_in: this.config.jwt.refreshTtl,
    };
  }
}

const SESSION_CACHE_MS = 5_000;
