import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored backtests: inputs, status, and when done the summary, equity curve and trades (JSON). */
export class Backtests1764900000000 implements MigrationInterface {
  name = 'Backtests1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backtests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        job_id uuid REFERENCES ml_jobs(id) ON DELETE SET NULL,
        status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        strategy varchar(32) NOT NULL,
        symbols text[] NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        initial_capital numeric(20, 4) NOT NULL,
        inputs jsonb NOT NULL,
        summary jsonb,
        equity_curve jsonb,
        trades jsonb,
        data_source jsonb,
        error jsonb,
        bars int,
        duration_ms int,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX backtests_user_seq_idx ON backtests (user_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backtests`);
  }
}
