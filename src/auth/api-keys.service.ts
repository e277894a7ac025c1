import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { type ApiKeyScope, grantableScopes, normalizeScopes, scopesBeyond } from '../common/api-key-scope';
import { NotFoundError } from '../common/errors/app-error';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { ApiKey } from './entities/api-key.entity';
import { User } from './entities/user.entity';
import { ScopeNotGrantableError } from './errors';
import { API_KEY_PREFIX, newOpaqueToken, sha256 } from './token.util';

const LAST_USED_RESOLUTION_MS = 60_000;

const toDto = (k: ApiKey): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
});

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A key gets the scopes asked for, or without them every scope its creator may give: the creator's role's, or
   * the creating key's own (a key never mints a stronger one).
   */
  async create(creator: AuthUser, name: string, requested?: readonly ApiKeyScope[]): Promise<CreatedApiKeyDto> {
    const ceiling = creator.via === 'api_key' ? normalizeScopes(creator.scopes ?? []) : grantableScopes(creator.role);
    const scopes = requested === undefined ? ceiling : normalizeScopes(requested);
    const beyond = scopesBeyond(scopes, ceiling);
    if (beyond.length) throw new ScopeNotGrantableError(beyond, creator.via === 'api_key');
    const key = newOpaqueToken(API_KEY_PREFIX);
    const repo = this.db.getRepository(ApiKey);
    const saved = await repo.save(repo.create({ userId: creator.id, name, scopes, prefix: key.slice(0, 10), keyHash: sha256(key) }));
    return { ...toDto(saved), key };
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    const keys = await this.db.getRepository(ApiKey).find({
      where: { userId, revokedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
    return keys.map(toDto);
  }

  async revoke(userId: string, id: string): Promise<void> {
    const result = await this.db.getRepository(ApiKey).update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundError('API key');
  }

  /** Looks the key up on every request (no cache), so a revocation takes effect at once on every instance. */
  async authenticate(key: string): Promise<AuthUser | null> {
    const rows: { id: string; last_used_at: Date | null; scopes: ApiKeyScope[]; user_id: string; email: string; role: User['role'] }[] =
      await this.db.query(
        `SELECT k.id, k.last_used_at, k.scopes, u.id AS user_id, u.email, u.role
           FROM api_keys k JOIN users u ON u.id = k.user_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [sha256(key)],
      );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return { id: row.user_id, email: row.email, role: row.role, via: 'api_key', sessionId: row.id, scopes: row.scopes };
  }
}
