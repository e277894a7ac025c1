import { MigrationInterface, QueryRunner } from 'typeorm';

/** ML jobs (state of slow tasks, shared by every instance) and stored rolling-origin evaluations. */
export class MlJobs1764800000000 implements MigrationInterface {
  name = 'MlJobs1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ml_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        params jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        progress double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        result jsonb,
        error jsonb,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ml_jobs_user_created_idx ON ml_jobs (user_id, created_at)`);
    await q.query(`CREATE INDEX ml_jobs_unfinished_idx ON ml_jobs (updated_at) WHERE status IN ('queued', 'running')`);
    await q.query(`
      CREATE TABLE ml_evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        symbol varchar(10) NOT NULL,
        model varchar(16) NOT NULL,
        lookback varchar(4) NOT NULL,
        data_version varchar(120) NOT NULL,
        trained_to date NOT NULL,
        record jsonb NOT NULL,
        duration_ms int NOT NULL,
        fits int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ml_evaluations_key UNIQUE (symbol, model, lookback, data_version)
      )`);
    await q.query(`CREATE INDEX ml_evaluations_model_created_idx ON ml_evaluations (model, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ml_evaluations`);
    await q.query(`DROP TABLE ml_jobs`);
  }
}
