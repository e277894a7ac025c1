import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each order last used liquidity (the session and its running traded volume at that quote), so the engine
 * can cap the volume an order takes by what traded since — the same on every instance.
 */
export class OrderLiquidity1764700000000 implements MigrationInterface {
  name = 'OrderLiquidity1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN last_quote_session date, ADD COLUMN last_quote_volume numeric(24,0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders DROP COLUMN last_quote_volume, DROP COLUMN last_quote_session`);
  }
}
