import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API key scopes (read, trade, admin). Existing keys keep the full access they had: read and trade, plus admin for
 * keys of admins. The default is dropped afterwards so every new key states its scopes.
 */
export class ApiKeyScopes1765000000000 implements MigrationInterface {
  name = 'ApiKeyScopes1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,trade}'`);
    await q.query(`UPDATE api_keys k SET scopes = '{read,trade,admin}' FROM users u WHERE u.id = k.user_id AND u.role = 'admin'`);
    await q.query(`ALTER TABLE api_keys ALTER COLUMN scopes DROP DEFAULT`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
         CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'trade', 'admin']::text[])`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN scopes`);
  }
}
