import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { NotFoundError } from '../../common/errors/app-error';
import { DEFAULT_PAGE, decodeCursor, page } from '../../common/pagination/seq-cursor';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { MarketDataService, UnknownSymbolError } from '../../market/market.contracts';
import { StrategyLimitError, StrategyValidationError } from '../errors';
import { compileDocument, type StrategyDocument, validateDocument } from './domain/document';
import { STRATEGY_EXAMPLES } from './domain/examples';
import type { StrategyDocumentDto, StrategyDto, StrategyExampleListDto, StrategyListDto } from './dto/strategy.dto';
import { Strategy } from './entities/strategy.entity';
import { StrategyVersion } from './entities/strategy-version.entity';

/** A version of a strategy, as a run needs it. */
export interface StrategyRun {
  id: string;
  version: number;
  document: StrategyDocument;
}

/**
 * Strategy documents: validated (JSON shape by the DTO, symbols against the instrument universe, rules compiled),
 * stored as immutable versions. A PUT adds a version; DELETE is soft, so what ran stays readable by id and version.
 */
@Injectable()
export class StrategiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly market: MarketDataService,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  examples(): StrategyExampleListDto {
    return { examples: STRATEGY_EXAMPLES.map((e) => ({ key: e.key, builtin: e.builtin, parameters: e.parameters, document: e.document as StrategyDocumentDto })) };
  }

  async create(userId: string, dto: StrategyDocumentDto): Promise<StrategyDto> {
    const document = await this.validate(dto);
    return this.db.transaction(async (m) => {
      // The user's row is the lock that makes the count and the insert one step (two creations cannot both pass).
      await m.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const count = await m.getRepository(Strategy).countBy({ userId, deletedAt: IsNull() });
      if (count >= this.config.strategyMaxPerUser) {
        throw new StrategyLimitError('name', `You already have ${count} strategies, the most allowed (STRATEGY_MAX_PER_USER = ${this.config.strategyMaxPerUser}); delete one first`, this.config.strategyMaxPerUser);
      }
      const now = new Date();
      const row = await m.getRepository(Strategy).save(m.getRepository(Strategy).create({ userId, name: document.name, latestVersion: 1, deletedAt: null, updatedAt: now }));
      const version = await this.insertVersion(m, row.id, 1, document);
      return this.toDto(row, version);
    });
  }

  async update(userId: string, id: string, dto: StrategyDocumentDto): Promise<StrategyDto> {
    const document = await this.validate(dto);
    return this.db.transaction(async (m) => {
      const row = await m.getRepository(Strategy).findOne({ where: { id, userId, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('Strategy');
      const next = row.latestVersion + 1;
      const version = await this.insertVersion(m, id, next, document);
      row.latestVersion = next;
      row.name = document.name;
      row.updatedAt = version.createdAt;
      await m.getRepository(Strategy).update({ id }, { latestVersion: next, name: document.name, updatedAt: version.createdAt });
      return this.toDto(row, version);
    });
  }

  async get(userId: string, id: string, version?: number): Promise<StrategyDto> {
    const row = await this.owned(userId, id);
    const v = await this.db.getRepository(StrategyVersion).findOneBy({ strategyId: id, version: version ?? row.latestVersion });
    if (!v) throw new NotFoundError(`Version ${version} of the strategy`);
    return this.toDto(row, v);
  }

  async list(userId: string, limit = DEFAULT_PAGE, cursor?: string): Promise<StrategyListDto> {
    const after = decodeCursor('s', cursor);
    const qb = this.db.getRepository(Strategy).createQueryBuilder('s').where('s.user_id = :userId AND s.deleted_at IS NULL', { userId });
    if (after) qb.andWhere('s.seq < :after', { after });
    const rows = await qb.orderBy('s.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 's');
    return {
      strategies: items.map((r) => ({ id: r.id, name: r.name, latest_version: r.latestVersion, created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString() })),
      next_cursor: next,
    };
  }

  async remove(userId: string, id: string): Promise<void> {
    const res = await this.db.getRepository(Strategy).update({ id, userId, deletedAt: IsNull() }, { deletedAt: new Date() });
    if (!res.affected) throw new NotFoundError('Strategy');
  }

  /** The owner's strategy at a version (default latest) for a backtest: 404 for anyone else's, a deleted one or an unknown version. */
  async forRun(userId: string, id: string, version?: number): Promise<StrategyRun> {
    const row = await this.owned(userId, id);
    const v = await this.db.getRepository(StrategyVersion).findOneBy({ strategyId: id, version: version ?? row.latestVersion });
    if (!v) throw new NotFoundError(`Version ${version} of the strategy`);
    return { id, version: v.version, document: v.document };
  }

  /** A version a queued backtest recorded (validated then; versions never change, deleted strategies keep theirs). */
  async storedVersion(id: string, version: number): Promise<StrategyRun> {
    const v = await this.db.getRepository(StrategyVersion).findOneBy({ strategyId: id, version });
    if (!v) throw new NotFoundError('Strategy');
    return { id, version, document: v.document };
  }

  private async owned(userId: string, id: string): Promise<Strategy> {
    const row = await this.db.getRepository(Strategy).findOneBy({ id, userId, deletedAt: IsNull() });
    if (!row) throw new NotFoundError('Strategy');
    return row;
  }

  /** The document as stored: symbols as the instrument table spells them, defaults filled in; 422 with every problem. */
  private async validate(dto: StrategyDocumentDto): Promise<StrategyDocument> {
    if (dto.universe.length > this.config.strategyMaxSymbols) {
      throw new StrategyLimitError('universe', `A strategy may trade at most ${this.config.strategyMaxSymbols} symbols (STRATEGY_MAX_SYMBOLS), got ${dto.universe.length}`, this.config.strategyMaxSymbols);
    }
    const found = await Promise.all(dto.universe.map((s) => this.market.findInstrument(s)));
    const unknown = dto.universe.map((symbol, i) => (found[i] ? null : { symbol, field: `universe.${i}` })).filter((x): x is { symbol: string; field: string } => x !== null);
    if (unknown.length) throw new UnknownSymbolError(unknown);
    const document: StrategyDocument = {
      name: dto.name.trim(),
      description: dto.description ?? null,
      universe: found.map((f) => f!.symbol),
      indicators: dto.indicators.map((i) => ({
        name: i.name,
        type: i.type,
        period: i.period,
        ...(i.type === 'bollinger' || i.k !== undefined ? { k: i.k ?? 2 } : {}),
        ...(i.offset !== undefined && i.offset !== null ? { offset: i.offset } : {}),
        ...(i.source !== undefined && i.source !== null ? { source: i.source } : {}),
      })),
      entry: dto.entry,
      exit: dto.exit,
      sizing: sizingOf(dto),
      stop_loss_percent: dto.stop_loss_percent ?? null,
      take_profit_percent: dto.take_profit_percent ?? null,
      rebalance: dto.rebalance ?? 'daily',
      order: dto.order ? { type: dto.order.type, offset_bps: dto.order.offset_bps ?? null } : { type: 'market', offset_bps: null },
    };
    if (document.name === '') throw new StrategyValidationError([{ field: 'name', code: 'REQUIRED', message: 'name must not be blank' }]);
    const problems = validateDocument(document, { maxSymbols: this.config.strategyMaxSymbols });
    if (problems.length) throw new StrategyValidationError(problems);
    return document;
  }

  private async insertVersion(m: EntityManager, strategyId: string, version: number, document: StrategyDocument): Promise<StrategyVersion> {
    const repo = m.getRepository(StrategyVersion);
    return repo.save(repo.create({ strategyId, version, document }));
  }

  private toDto(row: Strategy, v: StrategyVersion): StrategyDto {
    return {
      id: row.id,
      name: v.document.name,
      version: v.version,
      latest_version: row.latestVersion,
      document: v.document as StrategyDocumentDto,
      warmup: compileDocument(v.document).warmup,
      created_at: row.createdAt.toISOString(),
      version_created_at: v.createdAt.toISOString(),
    };
  }
}

function sizingOf(dto: StrategyDocumentDto): StrategyDocument['sizing'] {
  const s = dto.sizing;
  if (s.type === 'fixed_quantity') return { type: 'fixed_quantity', quantity: s.quantity === undefined || s.quantity === null ? '' : String(s.quantity) };
  if (s.type === 'equal_weight_top_n') return { type: 'equal_weight_top_n', n: s.n ?? 0, score: s.score ?? '' };
  return { type: 'fraction_of_equity', fraction: s.fraction ?? null };
}
