import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Price alerts and the notifications they produce. An alert fires once per crossing: `armed` says it may fire,
 * `state_at` is the quote time of its last transition. Instances claim a firing with a conditional UPDATE
 * (armed and older than the tick), so only one of them sends it, and a late instance cannot replay an old tick.
 */
export class Alerts1764500000000 implements MigrationInterface {
  name = 'Alerts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        symbol varchar(10) NOT NULL,
        condition varchar(16) NOT NULL CHECK (condition IN ('above', 'below', 'percent_change')),
        threshold numeric(18,6) NOT NULL,
        repeat boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        armed boolean NOT NULL DEFAULT true,
        state_at timestamptz,
        trigger_count integer NOT NULL DEFAULT 0,
        last_triggered_at timestamptz,
        last_triggered_price numeric(18,6),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_threshold_sign CHECK (
          (condition IN ('above', 'below') AND threshold > 0) OR (condition = 'percent_change' AND threshold <> 0))
      )`);
    await q.query(`CREATE INDEX alerts_user_idx ON alerts (user_id, created_at, id)`);
    await q.query(`CREATE INDEX alerts_active_symbol_idx ON alerts (symbol) WHERE active`);
    await q.query(`
      CREATE TABLE notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN ('alert', 'system')),
        alert_id uuid REFERENCES alerts(id) ON DELETE SET NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE alerts`);
  }
}
