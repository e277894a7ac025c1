import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-user watchlists: an ordered, duplicate-free symbol array per list; names unique per user, case-insensitively. */
export class Watchlists1765400000000 implements MigrationInterface {
  name = 'Watchlists1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watchlists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(64) NOT NULL CHECK (length(btrim(name)) > 0),
        symbols varchar(10)[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX watchlists_user_name_idx ON watchlists (user_id, lower(name))`);
    await q.query(`CREATE INDEX watchlists_user_idx ON watchlists (user_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE watchlists`);
  }
}
