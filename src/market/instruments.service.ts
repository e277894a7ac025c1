import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/app-error';
import { UNIVERSE } from './data/universe';
import { Instrument } from './entities/instrument.entity';
import type { InstrumentInfo } from './market.contracts';
import { normalizeSymbol } from './symbols';

export const toInstrumentInfo = (i: Instrument): InstrumentInfo => ({
  symbol: i.symbol,
  name: i.name,
  exchange: i.exchange,
  asset_class: i.assetClass,
  currency: i.currency,
  sector: i.sector,
  industry: i.industry,
  active: i.active,
});

/**
 * The instrument table, seeded from the curated universe on every start (an idempotent upsert that leaves
 * `active` alone, so an operator's deactivation survives restarts) and held in memory: 151 rows that
 * every quote, search and order validation reads.
 */
@Injectable()
export class InstrumentsService implements OnModuleInit {
  private readonly logger = new Logger('Instruments');
  private bySymbol = new Map<string, Instrument>();
  private active: Instrument[] = [];

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    const changed = await this.seed();
    await this.reload();
    if (changed) this.logger.log(`instrument universe: ${changed} row(s) inserted or updated, ${this.bySymbol.size} known`);
  }

  /** Upserts the curated universe; returns how many rows were inserted or changed. */
  async seed(): Promise<number> {
    const col = <K extends keyof (typeof UNIVERSE)[number]>(k: K) => UNIVERSE.map((u) => u[k]);
    const rows: unknown[] = await this.db.query(
      `INSERT INTO instruments (symbol, name, exchange, asset_class, currency, sector, industry,
                                shares_outstanding, eps_ttm, avg_volume, annual_vol)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::char(3)[], $6::varchar[],
                            $7::varchar[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[])
       ON CONFLICT (symbol) DO UPDATE SET
         name = EXCLUDED.name, exchange = EXCLUDED.exchange, asset_class = EXCLUDED.asset_class,
         currency = EXCLUDED.currency, sector = EXCLUDED.sector, industry = EXCLUDED.industry,
         shares_outstanding = EXCLUDED.shares_outstanding, eps_ttm = EXCLUDED.eps_ttm,
         avg_volume = EXCLUDED.avg_volume, annual_vol = EXCLUDED.annual_vol, updated_at = now()
       WHERE (instruments.name, instruments.exchange, instruments.asset_class, instruments.currency, instruments.sector,
              instruments.industry, instruments.shares_outstanding, instruments.eps_ttm, instruments.avg_volume,
              instruments.annual_vol)
             IS DISTINCT FROM
             (EXCLUDED.name, EXCLUDED.exchange, EXCLUDED.asset_class, EXCLUDED.currency, EXCLUDED.sector,
              EXCLUDED.industry, EXCLUDED.shares_outstanding, EXCLUDED.eps_ttm, EXCLUDED.avg_volume, EXCLUDED.annual_vol)
       RETURNING symbol`,
      [
        col('symbol'),
        col('name'),
        col('exchange'),
        col('asset_class'),
        col('currency'),
        col('sector'),
        col('industry'),
        col('shares_outstanding').map((v) => (v === null ? null : String(v))),
        col('eps_ttm').map((v) => (v === null ? null : String(v))),
        col('avg_volume').map(String),
        col('annual_vol').map(String),
      ],
    );
    return rows.length;
  }

  async reload(): Promise<void> {
    const all = await this.db.getRepository(Instrument).find({ order: { symbol: 'ASC' } });
    this.bySymbol = new Map(all.map((i) => [i.symbol, i]));
    this.active = all.filter((i) => i.active);
  }

  /** An active instrument by upper-case symbol. */
  get(symbol: string): Instrument | undefined {
    const i = this.bySymbol.get(symbol);
    return i?.active ? i : undefined;
  }

  /** The active instrument, or a 404 NotFound AppError (also for malformed symbols). */
  require(symbol: string): Instrument {
    const s = normalizeSymbol(symbol);
    const i = s === null ? undefined : this.get(s);
    if (!i) throw new NotFoundError(`Symbol ${s ?? symbol}`);
    return i;
  }

  /** The active instrument of a symbol in any case; null for unknown or malformed symbols. */
  find(symbol: string): Instrument | null {
    const s = normalizeSymbol(symbol);
    return (s === null ? undefined : this.get(s)) ?? null;
  }

  list(): readonly Instrument[] {
    return this.active;
  }
}
