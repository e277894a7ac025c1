import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/app-error';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../common/pagination/time-id-cursor';
import { watchlistsConfig, type WatchlistsConfig } from '../config/watchlists.config';
import { MarketDataService, UnknownSymbolError, type UnknownSymbolRef } from '../market/market.contracts';
import { AddWatchlistSymbolDto, CreateWatchlistDto, ReplaceWatchlistDto, WatchlistDto, WatchlistListDto } from './dto/watchlist.dto';
import { Watchlist } from './entities/watchlist.entity';
import { uniqueSymbols, withoutSymbol, withSymbol } from './domain/watchlist-symbols';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

const toDto = (w: Watchlist): WatchlistDto => ({
  id: w.id,
  name: w.name,
  symbols: w.symbols,
  created_at: w.createdAt.toISOString(),
  updated_at: w.updatedAt.toISOString(),
});

/** Named, ordered symbol lists per user. Every read and write is scoped to the owner: others' lists are 404. */
@Injectable()
export class WatchlistsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(watchlistsConfig.KEY) private readonly config: WatchlistsConfig,
    private readonly market: MarketDataService,
  ) {}

  async create(userId: string, dto: CreateWatchlistDto): Promise<WatchlistDto> {
    const symbols = await this.validSymbols(dto.symbols ?? [], 'symbols');
    const created = await this.named(dto.name, () =>
      this.db.transaction(async (m) => {
        // Serializes one user's creations so the per-user limit holds under concurrency.
        await m.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
        const count = await m.getRepository(Watchlist).countBy({ userId });
        if (count >= this.config.maxPerUser) return null;
        const repo = m.getRepository(Watchlist);
        return repo.save(repo.create({ userId, name: dto.name, symbols }));
      }),
    );
    if (!created) {
      throw new ValidationFailedError(
        [{ field: 'name', code: 'OUT_OF_RANGE', message: `A user may have at most ${this.config.maxPerUser} watchlists; delete one first` }],
        `Watchlist limit reached (${this.config.maxPerUser})`,
      );
    }
    return toDto(created);
  }

  async list(userId: string, limit = 50, cursor?: string): Promise<WatchlistListDto> {
    const qb = this.db
      .getRepository(Watchlist)
      .createQueryBuilder('w')
      .where('w.user_id = :userId', { userId })
      .orderBy("date_trunc('milliseconds', w.created_at)", 'ASC')
      .addOrderBy('w.id', 'ASC')
      .take(limit + 1);
    const after = decodeTimeIdCursor(cursor);
    if (after) qb.andWhere("(date_trunc('milliseconds', w.created_at), w.id) > (:at::timestamptz, :id::uuid)", { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { watchlists: items.map(toDto), next_cursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null };
  }

  async get(userId: string, id: string): Promise<WatchlistDto> {
    const row = await this.db.getRepository(Watchlist).findOneBy({ id, userId });
    if (!row) throw new NotFoundError('Watchlist');
    return toDto(row);
  }

  async replace(userId: string, id: string, dto: ReplaceWatchlistDto): Promise<WatchlistDto> {
    // Ownership first: another user's id is 404 whatever the body holds.
    await this.get(userId, id);
    const symbols = await this.validSymbols(dto.symbols, 'symbols');
    return this.named(dto.name, () =>
      this.update(userId, id, (w) => {
        w.name = dto.name;
        w.symbols = symbols;
      }),
    );
  }

  async remove(userId: string, id: string): Promise<void> {
    const [rows]: [unknown[], number] = await this.db.query(`DELETE FROM watchlists WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId]);
    if (!rows.length) throw new NotFoundError('Watchlist');
  }

  /** Appends the symbol; one already in the list leaves it unchanged (200 either way). */
  async addSymbol(userId: string, id: string, dto: AddWatchlistSymbolDto): Promise<WatchlistDto> {
    await this.get(userId, id);
    const [symbol] = await this.validSymbols([dto.symbol], 'symbol');
    return this.update(userId, id, (w) => {
      w.symbols = withSymbol(w.symbols, symbol);
    });
  }

  /** Removes the symbol if the list has it; idempotent, like any DELETE. */
  async removeSymbol(userId: string, id: string, symbol: string): Promise<void> {
    const s = symbol.trim().toUpperCase();
    await this.update(userId, id, (w) => {
      w.symbols = withoutSymbol(w.symbols, s);
    });
  }

  /** Read-modify-write under a row lock, so concurrent adds and removes on one list never lose each other. */
  private async update(userId: string, id: string, change: (w: Watchlist) => void): Promise<WatchlistDto> {
    return this.db.transaction(async (m: EntityManager) => {
      const repo = m.getRepository(Watchlist);
      const w = await repo.findOne({ where: { id, userId }, lock: { mode: 'pessimistic_write' } });
      if (!w) throw new NotFoundError('Watchlist');
      const before = JSON.stringify([w.name, w.symbols]);
      change(w);
      if (w.symbols.length > this.config.maxSymbols) throw this.tooManySymbols();
      if (JSON.stringify([w.name, w.symbols]) === before) return toDto(w);
      return toDto(await repo.save(w));
    });
  }

  private async named<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`You already have a watchlist named "${name}"`, 'Conflict', { field: 'name' });
      throw e;
    }
  }

  /** Upper-cased, without repeats, every one a known active instrument (422 naming each unknown one), within the limit. */
  private async validSymbols(input: readonly string[], field: 'symbols' | 'symbol'): Promise<string[]> {
    const symbols = uniqueSymbols(input);
    if (symbols.length > this.config.maxSymbols) throw this.tooManySymbols();
    const unknown: UnknownSymbolRef[] = [];
    for (const symbol of symbols) {
      const instrument = await this.market.findInstrument(symbol);
      if (!instrument || instrument.active === false) {
        unknown.push({ symbol, field: field === 'symbol' ? 'symbol' : `symbols[${input.findIndex((s) => s.trim().toUpperCase() === symbol)}]` });
      }
    }
    if (unknown.length) throw new UnknownSymbolError(unknown);
    return symbols;
  }

  private tooManySymbols(): ValidationFailedError {
    return new ValidationFailedError(
      [{ field: 'symbols', code: 'OUT_OF_RANGE', message: `A watchlist holds at most ${this.config.maxSymbols} symbols` }],
      `Watchlist symbol limit reached (${this.config.maxSymbols})`,
    );
  }
}
