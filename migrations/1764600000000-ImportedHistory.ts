import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported CSV history now shapes the simulator's prices: generated bars of a symbol with imports are
 * tagged `simulated:<seed>~<digest of the import>` (longer than 80 characters with a 64-character seed),
 * and every instance loads the imported rows at start, so they get an index of their own.
 */
export class ImportedHistory1764600000000 implements MigrationInterface {
  name = 'ImportedHistory1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE daily_bars ALTER COLUMN source TYPE varchar(120)`);
    await q.query(`CREATE INDEX daily_bars_imported ON daily_bars (symbol, ts) WHERE source = 'csv'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX daily_bars_imported`);
    await q.query(`DELETE FROM daily_bars WHERE length(source) > 80`);
    await q.query(`ALTER TABLE daily_bars ALTER COLUMN source TYPE varchar(80)`);
  }
}
