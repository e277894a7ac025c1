import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live paper deployments of strategy versions (`strategy_deployments`, with the runner's row lease) and the log of
 * every decision they made (`strategy_decisions`, one row per deployment, decision session and symbol).
 */
export class StrategyDeployments1765200000000 implements MigrationInterface {
  name = 'StrategyDeployments1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy_deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        strategy_id uuid NOT NULL REFERENCES strategies(id) ON DELETE CASCADE,
        strategy_version int NOT NULL,
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        mode varchar(8) NOT NULL CHECK (mode IN ('paper')),
        status varchar(8) NOT NULL CHECK (status IN ('active', 'paused', 'stopped')),
        first_decision date NOT NULL,
        first_session date NOT NULL,
        initial_capital numeric(20,4) NOT NULL,
        last_decision_date date,
        lease_owner varchar(64),
        lease_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz,
        FOREIGN KEY (strategy_id, strategy_version) REFERENCES strategy_versions(strategy_id, version)
      )`);
    await q.query(`CREATE INDEX strategy_deployments_user_seq_idx ON strategy_deployments (user_id, seq DESC)`);
    await q.query(`CREATE INDEX strategy_deployments_running_idx ON strategy_deployments (lease_expires_at) WHERE status <> 'stopped'`);
    await q.query(`
      CREATE TABLE strategy_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        deployment_id uuid NOT NULL REFERENCES strategy_deployments(id) ON DELETE CASCADE,
        session_date date NOT NULL,
        trade_session date NOT NULL,
        symbol varchar(10) NOT NULL,
        inputs jsonb NOT NULL,
        rules jsonb NOT NULL,
        target smallint NOT NULL,
        action varchar(4) NOT NULL CHECK (action IN ('buy', 'sell', 'none')),
        status varchar(10) NOT NULL CHECK (status IN ('hold', 'pending', 'placing', 'placed', 'refused', 'rejected', 'missed', 'paused')),
        position_quantity numeric(20,8),
        quantity numeric(20,8),
        order_id uuid,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (deployment_id, session_date, symbol)
      )`);
    await q.query(`CREATE INDEX strategy_decisions_deployment_seq_idx ON strategy_decisions (deployment_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy_decisions`);
    await q.query(`DROP TABLE strategy_deployments`);
  }
}
