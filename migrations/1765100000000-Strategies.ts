import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strategy documents: `strategies` (owner, name, latest version, soft delete) and `strategy_versions` (one immutable
 * jsonb document per version). Backtests record which strategy version ran (`strategy` is null for those).
 */
export class Strategies1765100000000 implements MigrationInterface {
  name = 'Strategies1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        latest_version int NOT NULL CHECK (latest_version >= 1),
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX strategies_user_seq_idx ON strategies (user_id, seq DESC) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE strategy_versions (
        strategy_id uuid NOT NULL REFERENCES strategies(id) ON DELETE CASCADE,
        version int NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (strategy_id, version)
      )`);
    await q.query(`ALTER TABLE backtests ALTER COLUMN strategy DROP NOT NULL`);
    await q.query(`ALTER TABLE backtests ADD COLUMN strategy_id uuid REFERENCES strategies(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE backtests ADD COLUMN strategy_version int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE backtests DROP COLUMN strategy_version`);
    await q.query(`ALTER TABLE backtests DROP COLUMN strategy_id`);
    await q.query(`DELETE FROM backtests WHERE strategy IS NULL`);
    await q.query(`ALTER TABLE backtests ALTER COLUMN strategy SET NOT NULL`);
    await q.query(`DROP TABLE strategy_versions`);
    await q.query(`DROP TABLE strategies`);
  }
}
