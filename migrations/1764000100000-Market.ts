import { MigrationInterface, QueryRunner } from 'typeorm';

/** Market data: instruments (seeded by MarketModule on start), stored daily bars, and the CSV import audit. */
export class Market1764000100000 implements MigrationInterface {
  name = 'Market1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE instruments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        symbol varchar(10) NOT NULL,
        name varchar(200) NOT NULL,
        exchange varchar(20) NOT NULL,
        asset_class varchar(10) NOT NULL CHECK (asset_class IN ('equity', 'etf')),
        currency char(3) NOT NULL DEFAULT 'USD',
        sector varchar(64) NOT NULL,
        industry varchar(100) NOT NULL,
        shares_outstanding numeric(20, 0) CHECK (shares_outstanding > 0),
        eps_ttm numeric(12, 4),
        avg_volume numeric(20, 0) CHECK (avg_volume >= 0),
        annual_vol numeric(8, 4) CHECK (annual_vol > 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX instruments_symbol_uq ON instruments (symbol)`);
    // The primary key is both the uniqueness rule and the range index: (symbol, interval, ts BETWEEN …).
    await q.query(`
      CREATE TABLE daily_bars (
        symbol varchar(10) NOT NULL REFERENCES instruments(symbol) ON UPDATE CASCADE ON DELETE CASCADE,
        interval varchar(4) NOT NULL CHECK (interval IN ('1d')),
        ts timestamptz NOT NULL,
        open numeric(20, 6) NOT NULL,
        high numeric(20, 6) NOT NULL,
        low numeric(20, 6) NOT NULL,
        close numeric(20, 6) NOT NULL,
        adj_close numeric(20, 6) CHECK (adj_close > 0),
        volume bigint NOT NULL CHECK (volume >= 0),
        source varchar(80) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT daily_bars_pk PRIMARY KEY (symbol, interval, ts),
        CONSTRAINT daily_bars_ohlc_ck CHECK (low > 0 AND low <= open AND low <= close AND high >= open AND high >= close)
      )`);
    await q.query(`
      CREATE TABLE market_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor varchar(300) NOT NULL,
        symbol varchar(10) NOT NULL,
        file_name varchar(255),
        format varchar(16) NOT NULL,
        row_count int NOT NULL,
        first_date date NOT NULL,
        last_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX market_imports_symbol_idx ON market_imports (symbol, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE market_imports`);
    await q.query(`DROP TABLE daily_bars`);
    await q.query(`DROP TABLE instruments`);
  }
}
