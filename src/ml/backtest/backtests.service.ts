import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { minusDays } from '../../common/calendar-date';
import { d, Decimal, moneyJson, priceJson, quantityJson, roundTo, SCALE, toJsonNumber } from '../../common/decimal';
import { AppError, NotFoundError, ValidationFailedError } from '../../common/errors/app-error';
import { DEFAULT_PAGE, decodeCursor, page } from '../../common/pagination/seq-cursor';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { ordersConfig, type OrdersConfig } from '../../config/orders.config';
import { CLOCK, type Clock, type DailyBar, lastClosedSession, MarketDataService, newYorkYmd, sessionsAfter, UnknownSymbolError } from '../../market/market.contracts';
import type { CommissionSchedule } from '../../quant/costs';
import { UserNotifier } from '../../realtime/user-notifier.contract';
import { InsufficientHistoryError, StrategyLimitError } from '../errors';
import { type CompiledStrategy, compileDocument } from '../strategies/domain/document';
import { backtestDocument } from '../strategies/domain/run';
import { StrategiesService } from '../strategies/strategies.service';
import { type JobContext, JobsService } from '../jobs/jobs.service';
import {
  type BacktestBars,
  backtestStrategy,
  buildReport,
  closeFloats,
  type Parameters,
  resolveParameters,
  STRATEGIES,
  type StrategyName,
} from './domain/backtest';
import type {
  BacktestDto,
  BacktestInputsDto,
  BacktestListDto,
  BacktestRequestDto,
  BacktestSummaryDto,
  EquityPointDto,
  StrategyInfoDto,
  BuiltinStrategyListDto,
  TradeDto,
} from './dto/backtest.dto';
import { FILL_MODEL } from './dto/backtest.dto';
import { Backtest } from './entities/backtest.entity';

export const BACKTEST_JOB = 'backtest';
const DEFAULT_CAPITAL = '100000';
const NOTIFY_EVERY_MS = 1000;

/** A request with every default resolved and every symbol known: what a run (now or in a job) needs. */
interface BacktestSpec {
  /** The built-in strategy, or null when a strategy document runs. */
  strategy: StrategyName | null;
  document: { id: string; version: number; name: string; compiled: CompiledStrategy } | null;
  symbols: string[];
  startDate: string;
  endDate: string;
  initialCapital: Decimal;
  parameters: Parameters;
  commission: CommissionSchedule;
  slippageBps: Decimal;
  benchmark: string | null;
  fractional: boolean;
  allowShort: boolean;
  riskFreeRate: number;
}

interface RunOutcome {
  summary: BacktestSummaryDto;
  equityCurve: EquityPointDto[];
  trades: TradeDto[];
  dataSource: { data_source: string; data_sources: Record<string, string>; first_session: string; last_session: string };
  bars: number;
  durationMs: number;
}

const ratio = (x: number | null) => (x === null ? null : toJsonNumber(x, 6));

/**
 * Backtests: validates a request, runs the pure engine (domain/) on the market module's daily bars, stores the
 * report in `backtests`. Small runs answer within the request; larger ones (more than ML_BACKTEST_SYNC_MAX_BARS
 * symbol-sessions) run as `backtest` jobs whose progress and completion reach the owner on /ws/notifications.
 */
@Injectable()
export class BacktestsService implements OnModuleInit, OnModuleDestroy {
  /**
   * Recently loaded bars per (symbol, range, last closed session): parameter sweeps and repeated runs re-read the
   * same history. Any import (historyReplaced$, from every instance) clears it; a new close changes the key.
   */
  private readonly bars = new LRUCache<string, DailyBar[]>({ max: 300, ttl: 10 * 60_000 });
  private imports: Subscription | null = null;

  constructor(
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly notifier: UserNotifier,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
    @Inject(ordersConfig.KEY) private readonly orders: OrdersConfig,
    private readonly strategyDocuments: StrategiesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(BACKTEST_JOB, (params, ctx) => this.runJob(String(params.backtest_id), ctx));
    this.imports = this.market.historyReplaced$?.subscribe(() => this.bars.clear()) ?? null;
  }

  onModuleDestroy(): void {
    this.imports?.unsubscribe();
  }

  private async dailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    const key = `${symbol}|${from}|${to}|${lastClosedSession(this.clock.now()) ?? '-'}`;
    const hit = this.bars.get(key);
    if (hit) return hit;
    const bars = await this.market.getDailyBars(symbol, from, to);
    this.bars.set(key, bars);
    return bars;
  }

  strategies(): BuiltinStrategyListDto {
    const warmups: Record<StrategyName, string> = {
      momentum: 'one symbol: `lookback` + 1 sessions; several: `formation` + 1',
      sma_crossover: '`slow` sessions',
      mean_reversion: '`period` + 1 sessions',
      bollinger: '`period` sessions',
      buy_and_hold: 'none',
    };
    const strategies: StrategyInfoDto[] = Object.values(STRATEGIES).map((s) => ({
      name: s.name,
      description: s.description,
      short_rule: s.shortRule,
      parameters: s.parameters(1),
      parameters_multi: s.parameters(2),
      warmup: warmups[s.name],
    }));
    return { strategies, fill_model: FILL_MODEL };
  }

  async submit(userId: string, dto: BacktestRequestDto): Promise<{ status: 200 | 202; body: BacktestDto }> {
    const spec = await this.resolve(userId, dto);
    const repo = this.db.getRepository(Backtest);
    if (this.estimateBars(spec) > this.config.backtestSyncMaxBars) {
      const row = await repo.save(repo.create({ userId, status: 'queued', ...this.columns(spec) }));
      const job = await this.jobs.create(userId, BACKTEST_JOB, { backtest_id: row.id });
      await repo.update({ id: row.id }, { jobId: job.id });
      row.jobId = job.id;
      return { status: 202, body: this.toDto(row, 0) };
    }
    const outcome = await this.run(spec);
    // A plain INSERT: save() deep-merges the entity (curve and trades included) and reloads it.
    const row = repo.create({ userId, status: 'completed', ...this.columns(spec), ...this.results(outcome), finishedAt: new Date(), jobId: null, error: null });
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(Backtest)
      .values(row as QueryDeepPartialEntity<Backtest>)
      .returning(['id', 'seq', 'created_at'])
      .execute();
    const raw = (inserted.raw as Array<{ id: string; seq: string; created_at: Date }>)[0];
    Object.assign(row, { id: raw.id, seq: raw.seq, createdAt: raw.created_at });
    return { status: 200, body: this.toDto(row, 1) };
  }

  async get(userId: string, id: string): Promise<BacktestDto> {
    const row = await this.db.getRepository(Backtest).findOneBy({ id, userId });
    if (!row) throw new NotFoundError('Backtest');
    if (row.status === 'completed' || row.status === 'failed' || !row.jobId) return this.toDto(row, row.status === 'completed' ? 1 : 0);
    const job = await this.jobs.get(userId, row.jobId).catch(() => null);
    if (job?.status === 'failed') {
      // The job gave up (e.g. its last attempt crashed) before the row recorded it.
      row.status = 'failed';
      row.error = job.error;
    }
    return this.toDto(row, job?.progress ?? 0);
  }

  async list(userId: string, limit = DEFAULT_PAGE, cursor?: string): Promise<BacktestListDto> {
    const after = decodeCursor('b', cursor);
    const qb = this.db
      .getRepository(Backtest)
      .createQueryBuilder('b')
      .select(['b.id', 'b.seq', 'b.status', 'b.strategy', 'b.symbols', 'b.startDate', 'b.endDate', 'b.initialCapital', 'b.inputs', 'b.summary', 'b.createdAt'])
      .where('b.user_id = :userId', { userId });
    if (after) qb.andWhere('b.seq < :after', { after });
    const rows = await qb.orderBy('b.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 'b');
    return {
      backtests: items.map((r) => ({
        id: r.id,
        status: r.status,
        ...(r.inputs as unknown as BacktestInputsDto),
        summary: (r.summary as unknown as BacktestSummaryDto | null) ?? null,
        created_at: r.createdAt.toISOString(),
      })),
      next_cursor: next,
    };
  }

  async remove(userId: string, id: string): Promise<void> {
    const res = await this.db.getRepository(Backtest).delete({ id, userId });
    if (!res.affected) throw new NotFoundError('Backtest');
  }

  // ---- validation ----

  private async resolve(userId: string, dto: BacktestRequestDto): Promise<BacktestSpec> {
    if (dto.strategy === undefined && dto.strategy_id === undefined) {
      throw new ValidationFailedError([{ field: 'strategy', code: 'REQUIRED', message: 'strategy (a built-in) or strategy_id (one of your strategy documents) is required' }]);
    }
    if (dto.strategy !== undefined && dto.strategy_id !== undefined) {
      throw new ValidationFailedError([{ field: 'strategy_id', code: 'INVALID_COMBINATION', message: 'Give strategy or strategy_id, not both' }]);
    }
    if (dto.strategy_version !== undefined && dto.strategy_id === undefined) {
      throw new ValidationFailedError([{ field: 'strategy_version', code: 'INVALID_COMBINATION', message: 'strategy_version needs strategy_id' }]);
    }
    if (dto.symbol !== undefined && dto.symbols !== undefined) {
      throw new ValidationFailedError([{ field: 'symbols', code: 'INVALID_COMBINATION', message: 'Give symbol or symbols, not both' }]);
    }
    let run: Awaited<ReturnType<StrategiesService['forRun']>> | null = null;
    if (dto.strategy_id !== undefined) {
      if (dto.parameters !== undefined) {
        throw new ValidationFailedError([{ field: 'parameters', code: 'INVALID_COMBINATION', message: 'parameters apply to built-in strategies; a document carries its own' }]);
      }
      if (dto.allow_short === true) {
        throw new ValidationFailedError([{ field: 'allow_short', code: 'INVALID_COMBINATION', message: 'Strategy documents are long-only for now: allow_short applies to built-in strategies' }]);
      }
      run = await this.strategyDocuments.forRun(userId, dto.strategy_id, dto.strategy_version);
    }
    const requested = dto.symbols ?? (dto.symbol !== undefined ? [dto.symbol] : (run?.document.universe ?? null));
    if (run && requested && requested.length > this.config.strategyMaxSymbols) {
      throw new StrategyLimitError('symbols', `A strategy runs on at most ${this.config.strategyMaxSymbols} symbols (STRATEGY_MAX_SYMBOLS), got ${requested.length}`, this.config.strategyMaxSymbols);
    }
    if (!requested) throw new ValidationFailedError([{ field: 'symbol', code: 'REQUIRED', message: 'symbol (or symbols) is required' }]);
    const benchmark = dto.benchmark === null ? null : (dto.benchmark ?? 'SPY');
    const found = await Promise.all([...requested, ...(benchmark ? [benchmark] : [])].map((s) => this.market.findInstrument(s)));
    const unknown = requested
      .map((s, i) => (found[i] ? null : { symbol: s, field: dto.symbols ? `symbols[${i}]` : 'symbol' }))
      .filter((x): x is { symbol: string; field: string } => x !== null);
    if (benchmark && !found[requested.length]) unknown.push({ symbol: benchmark, field: 'benchmark' });
    if (unknown.length) throw new UnknownSymbolError(unknown);
    const symbols = requested.map((_, i) => found[i]!.symbol);

    const def = dto.strategy === undefined ? null : STRATEGIES[dto.strategy];
    const given = dto.parameters ?? {};
    const resolved = def ? resolveParameters(def, given, symbols.length) : null;
    if (resolved && !resolved.ok && def) {
      const p = resolved.problem;
      const field = `parameters.${p.name}`;
      const code = p.minimum === undefined ? (def.parameters(symbols.length).some((s) => s.name === p.name) ? 'INVALID_COMBINATION' : 'UNKNOWN_FIELD') : 'OUT_OF_RANGE';
      throw new AppError('ValidationError', p.message, {
        field,
        code,
        errors: [{ field, code, message: p.message }],
        parameter: p.name,
        ...(p.minimum === undefined ? {} : { minimum: p.minimum, maximum: p.maximum }),
        parameters: def.parameters(symbols.length),
      });
    }

    const today = newYorkYmd(this.clock.now());
    const dateProblem =
      dto.start_date >= dto.end_date
        ? { field: 'start_date', message: `start_date (${dto.start_date}) must be before end_date (${dto.end_date})` }
        : dto.end_date > today
          ? { field: 'end_date', message: `end_date (${dto.end_date}) is after today (${today})` }
          : null;
    if (dateProblem) {
      const available = await this.availableRange(symbols[0], today);
      throw new AppError('ValidationError', dateProblem.message, {
        field: dateProblem.field,
        code: dateProblem.field === 'start_date' ? 'INVALID_COMBINATION' : 'OUT_OF_RANGE',
        errors: [{ field: dateProblem.field, code: dateProblem.field === 'start_date' ? 'INVALID_COMBINATION' : 'OUT_OF_RANGE', message: dateProblem.message }],
        available: { symbol: symbols[0], ...available },
      });
    }

    const c = dto.commission;
    let commission: CommissionSchedule;
    if (c === undefined) commission = this.orders.commission;
    else {
      const perShare = c.per_share === undefined ? d(0) : d(c.per_share);
      const bps = c.bps === undefined ? d(0) : d(c.bps);
      const minimum = d(c.minimum ?? 0).toString();
      if (perShare.gt(0) && bps.gt(0)) {
        throw new ValidationFailedError([{ field: 'commission.bps', code: 'INVALID_COMBINATION', message: 'commission.bps cannot be combined with commission.per_share' }]);
      }
      commission = perShare.gt(0)
        ? { kind: 'per_share', per_share: perShare.toString(), minimum }
        : bps.gt(0)
          ? { kind: 'bps', bps: bps.toString(), minimum }
          : d(minimum).gt(0)
            ? { kind: 'per_share', per_share: '0', minimum }
            : { kind: 'none' };
    }
    return {
      strategy: dto.strategy ?? null,
      document: run ? { id: run.id, version: run.version, name: run.document.name, compiled: compileDocument(run.document) } : null,
      symbols,
      startDate: dto.start_date,
      endDate: dto.end_date,
      initialCapital: d(dto.initial_capital ?? DEFAULT_CAPITAL),
      parameters: resolved?.ok ? resolved.parameters : {},
      commission,
      slippageBps: d(dto.slippage_bps ?? this.orders.slippageBps),
      benchmark: benchmark ? found[requested.length]!.symbol : null,
      fractional: dto.fractional ?? false,
      allowShort: dto.allow_short ?? false,
      riskFreeRate: dto.risk_free_rate ?? 0,
    };
  }

  /** Symbol-sessions the run will simulate, estimated from the calendar (the size that decides 200 or 202). */
  private estimateBars(spec: BacktestSpec): number {
    const days = (Date.parse(spec.endDate) - Date.parse(spec.startDate)) / 86_400_000;
    const warmup = warmupOf(spec);
    return spec.symbols.length * Math.ceil((days * 252) / 365.25 + warmup);
  }

  private async availableRange(symbol: string, today: string): Promise<{ first_date: string | null; last_date: string | null; sessions: number }> {
    const bars = await this.market.getDailyBars(symbol, '1900-01-01', today);
    return { first_date: bars[0]?.date ?? null, last_date: bars.at(-1)?.date ?? null, sessions: bars.length };
  }

  // ---- running ----

  private async run(spec: BacktestSpec, onProgress?: (done: number) => void): Promise<RunOutcome> {
    const began = Date.now();
    const warmup = warmupOf(spec);
    const today = newYorkYmd(this.clock.now());
    const from = minusDays(spec.startDate, Math.ceil(warmup * 1.5) + 10);
    const histories = await Promise.all(spec.symbols.map((s) => this.history(s, from, spec, warmup, today)));

    // One session axis: every date any symbol traded, from the earliest warm-up window on.
    const axisStart = histories.reduce((m, h) => (h.bars[0].date < m ? h.bars[0].date : m), spec.startDate);
    const dates = [...new Set(histories.flatMap((h) => h.bars.map((b) => b.date)))].filter((x) => x >= axisStart).sort();
    const start = dates.findIndex((x) => x >= spec.startDate);
    const opens: Decimal[][] = [];
    const closes: Decimal[][] = [];
    const tradedDays: Uint8Array[] = [];
    // Documents may read highs, lows and volumes (floats, like every signal); gaps carry the last close, volume 0.
    const extra = spec.document ? { high: [] as Float64Array[], low: [] as Float64Array[], volume: [] as Float64Array[] } : null;
    for (const h of histories) {
      const open: Decimal[] = new Array<Decimal>(dates.length);
      const close: Decimal[] = new Array<Decimal>(dates.length);
      const traded = new Uint8Array(dates.length);
      const high = extra ? new Float64Array(dates.length) : null;
      const low = extra ? new Float64Array(dates.length) : null;
      const volume = extra ? new Float64Array(dates.length) : null;
      const byDate = new Map(h.bars.map((b) => [b.date, b]));
      const first = adjusted(h.bars[0]);
      let last = first.open;
      for (let t = 0; t < dates.length; t++) {
        const b = byDate.get(dates[t]);
        if (b) {
          const a = adjusted(b);
          open[t] = a.open;
          close[t] = a.close;
          traded[t] = 1;
          last = a.close;
          if (high && low && volume) {
            high[t] = a.high.toNumber();
            low[t] = a.low.toNumber();
            volume[t] = b.volume.toNumber();
          }
        } else {
          // Before the first bar: its first open; in a gap: the last close (not traded either way).
          open[t] = last;
          close[t] = last;
          if (high && low) high[t] = low[t] = last.toNumber();
        }
      }
      if (extra && high && low && volume) {
        extra.high.push(high);
        extra.low.push(low);
        extra.volume.push(volume);
      }
      opens.push(open);
      closes.push(close);
      tradedDays.push(traded);
    }
    const bars: BacktestBars = { dates, symbols: spec.symbols, open: opens, close: closes, traded: tradedDays };

    const engineOptions = {
      start,
      initialCapital: spec.initialCapital,
      commission: spec.commission,
      slippageBps: spec.slippageBps,
      fractional: spec.fractional,
      allowShort: spec.allowShort,
      onProgress,
    };
    const result = spec.document
      ? backtestDocument(bars, spec.document.compiled, engineOptions, extra, closeFloats(bars))
      : backtestStrategy(bars, spec.strategy!, spec.parameters, engineOptions, closeFloats(bars));
    const period = dates.slice(start);
    const benchmark = spec.benchmark ? await this.benchmark(spec.benchmark, period) : null;
    const report = buildReport(result, spec.initialCapital, benchmark ? { open: benchmark.open, closes: benchmark.closes } : null, spec.riskFreeRate);

    const sources: Record<string, string> = {};
    histories.forEach((h, i) => (sources[spec.symbols[i]] = h.source));
    if (benchmark && spec.benchmark) sources[spec.benchmark] = benchmark.source;
    const distinct = [...new Set(Object.values(sources))];
    const s = report.summary;
    return {
      summary: {
        total_return: ratio(s.totalReturn)!,
        cagr: ratio(s.cagr),
        volatility: ratio(s.volatility),
        sharpe_ratio: ratio(s.sharpe),
        sortino_ratio: ratio(s.sortino),
        max_drawdown: ratio(s.maxDrawdown),
        calmar: ratio(s.calmar),
        win_rate: ratio(s.winRate),
        profit_factor: ratio(s.profitFactor),
        trades_count: s.tradesCount,
        closed_trades: s.closedTrades,
        orders_count: s.ordersCount,
        orders_sized_down: s.ordersSizedDown,
        orders_skipped: s.ordersSkipped,
        exposure: ratio(s.exposure)!,
        turnover: ratio(s.turnover)!,
        fees_paid: moneyJson(s.feesPaid)!,
        slippage_paid: moneyJson(s.slippagePaid)!,
        final_equity: moneyJson(s.finalEquity)!,
        benchmark_return: ratio(s.benchmarkReturn),
        alpha: ratio(s.alpha),
        beta: ratio(s.beta),
      },
      equityCurve: report.curve.map((p) => ({
        date: p.date,
        equity: moneyJson(p.equity)!,
        cash: moneyJson(p.cash)!,
        drawdown: ratio(p.drawdown)!,
        benchmark_equity: p.benchmarkEquity === null ? null : moneyJson(p.benchmarkEquity),
      })),
      trades: report.trades.map((t) => ({
        symbol: t.symbol,
        entry_date: t.entryDate,
        exit_date: t.exitDate,
        side: t.side,
        quantity: quantityJson(t.quantity)!,
        entry_price: priceJson(t.entryPrice)!,
        exit_price: t.exitPrice === null ? null : priceJson(t.exitPrice),
        pnl: moneyJson(t.pnl)!,
        pnl_percent: toJsonNumber(t.pnl.div(t.entryPrice.mul(t.quantity)).mul(100), 2)!,
        fees: moneyJson(t.fees)!,
      })),
      dataSource: { data_source: distinct.length === 1 ? distinct[0] : 'mixed', data_sources: sources, first_session: period[0], last_session: period[period.length - 1] },
      bars: dates.length * spec.symbols.length,
      durationMs: Date.now() - began,
    };
  }

  /** The symbol's bars from `from` to the end, checked: bars in the period, the history reaching start, the warm-up. */
  private async history(symbol: string, from: string, spec: BacktestSpec, warmup: number, today: string): Promise<{ bars: DailyBar[]; source: string }> {
    let bars = await this.dailyBars(symbol, from, spec.endDate);
    let before = bars.filter((b) => b.date < spec.startDate).length;
    if (before < warmup) {
      bars = await this.dailyBars(symbol, '1900-01-01', spec.endDate);
      before = bars.filter((b) => b.date < spec.startDate).length;
    }
    const inPeriod = bars.length - before;
    const firstSession = firstSessionOnOrAfter(spec.startDate);
    const startsLate = before === 0 && inPeriod > 0 && firstSession !== null && bars[0].date > firstSession;
    if (inPeriod === 0 || startsLate) {
      const available = await this.availableRange(symbol, today);
      const message =
        inPeriod === 0
          ? `${symbol} has no daily bars from ${spec.startDate} to ${spec.endDate}`
          : `${symbol}'s history starts on ${bars[0].date}, after start_date ${spec.startDate}`;
      throw new AppError('ValidationError', message, {
        field: 'start_date',
        code: 'OUT_OF_RANGE',
        errors: [{ field: 'start_date', code: 'OUT_OF_RANGE', message }],
        available: { symbol, ...available },
      });
    }
    if (before < warmup) {
      const earliest = bars[warmup]?.date ?? null;
      throw new InsufficientHistoryError(
        `${label(spec)} needs ${warmup} sessions of ${symbol} before start_date ${spec.startDate} to warm up its indicators; there are ${before}` +
          (earliest ? ` (the earliest start_date with enough history is ${earliest})` : ''),
        { symbol, strategy: spec.strategy, strategy_id: spec.document?.id ?? null, sessions_needed: warmup, sessions_available: before, first_date: bars[0]?.date ?? null, earliest_start_date: earliest },
      );
    }
    const kept = bars.slice(before - warmup);
    const sources = new Set(kept.map((b) => b.source));
    return { bars: kept, source: sources.size === 1 ? kept[0].source : 'mixed' };
  }

  /** The benchmark on the run's sessions: its open on the first (the price it is bought at) and its closes, carried over gaps. */
  private async benchmark(symbol: string, period: string[]): Promise<{ open: Decimal; closes: Decimal[]; source: string }> {
    const bars = await this.dailyBars(symbol, period[0], period[period.length - 1]);
    if (bars.length === 0) {
      throw new InsufficientHistoryError(`The benchmark ${symbol} has no daily bars from ${period[0]} to ${period[period.length - 1]}`, {
        field: 'benchmark',
        symbol,
      });
    }
    const byDate = new Map(bars.map((b) => [b.date, adjusted(b)]));
    const firstBar = adjusted(bars[0]);
    let last = firstBar.open;
    const closes = period.map((day) => {
      const b = byDate.get(day);
      if (b) last = b.close;
      return last;
    });
    const open = byDate.get(period[0])?.open ?? firstBar.open;
    const sources = new Set(bars.map((b) => b.source));
    return { open, closes, source: sources.size === 1 ? bars[0].source : 'mixed' };
  }

  private async runJob(id: string, ctx: JobContext): Promise<unknown> {
    const repo = this.db.getRepository(Backtest);
    const row = await repo.findOneBy({ id });
    if (!row) return { backtest_id: id, deleted: true };
    await repo.update({ id }, { status: 'running' });
    const spec = await this.specOf(row);
    let lastNotice = 0;
    const notify = (event: string, title: string, message: string, extra: Record<string, unknown>) =>
      this.notifier
        .notify(row.userId, { kind: 'backtest', event, title, message, backtest_id: id, job_id: ctx.jobId, ...extra })
        .catch(() => undefined);
    try {
      const outcome = await this.run(spec, (done) => {
        void ctx.progress(done);
        if (Date.now() - lastNotice >= NOTIFY_EVERY_MS) {
          lastNotice = Date.now();
          void notify('backtest_progress', 'Backtest running', `${label(spec)} on ${spec.symbols.length} symbol(s): ${Math.round(done * 100)}%`, {
            status: 'running',
            progress: done,
          });
        }
      });
      const res = await repo.update({ id }, { status: 'completed', ...this.results(outcome), error: null, finishedAt: new Date() } as QueryDeepPartialEntity<Backtest>);
      if (res.affected) {
        await notify('backtest_completed', 'Backtest completed', `${label(spec)} on ${spec.symbols.join(', ')}: total return ${(outcome.summary.total_return * 100).toFixed(2)}%`, {
          status: 'completed',
          progress: 1,
          total_return: outcome.summary.total_return,
        });
      }
      return { backtest_id: id };
    } catch (err) {
      if (err instanceof AppError) {
        await repo.update({ id }, { status: 'failed', error: { error: err.errorName, message: err.message, details: err.details }, finishedAt: new Date() } as QueryDeepPartialEntity<Backtest>);
        await notify('backtest_failed', 'Backtest failed', err.message, { status: 'failed', error: err.errorName });
      }
      throw err;
    }
  }

  /** A queued row's spec; a document is reloaded by (id, version), which never changes. */
  private async specOf(row: Backtest): Promise<BacktestSpec> {
    const i = row.inputs as unknown as BacktestInputsDto;
    if (!i.strategy_id || !i.strategy_version) return specOf(row, null);
    const run = await this.strategyDocuments.storedVersion(i.strategy_id, i.strategy_version);
    return specOf(row, { id: run.id, version: run.version, name: run.document.name, compiled: compileDocument(run.document) });
  }

  // ---- rows and DTOs ----

  private columns(spec: BacktestSpec): Partial<Backtest> {
    return {
      strategy: spec.strategy,
      strategyId: spec.document?.id ?? null,
      strategyVersion: spec.document?.version ?? null,
      symbols: spec.symbols,
      startDate: spec.startDate,
      endDate: spec.endDate,
      initialCapital: spec.initialCapital,
      inputs: inputsOf(spec) as unknown as Record<string, unknown>,
    };
  }

  private results(o: RunOutcome): Partial<Backtest> {
    return {
      summary: o.summary as unknown as Record<string, unknown>,
      equityCurve: o.equityCurve,
      trades: o.trades,
      dataSource: o.dataSource,
      bars: o.bars,
      durationMs: o.durationMs,
    };
  }

  private toDto(row: Backtest, progress: number): BacktestDto {
    const src = (row.dataSource ?? null) as RunOutcome['dataSource'] | null;
    return {
      id: row.id,
      status: row.status,
      progress: row.status === 'completed' ? 1 : progress,
      job_id: row.jobId,
      ...(row.inputs as unknown as BacktestInputsDto),
      first_session: src?.first_session ?? null,
      last_session: src?.last_session ?? null,
      bars: row.bars,
      summary: (row.summary as unknown as BacktestSummaryDto | null) ?? null,
      equity_curve: (row.equityCurve as EquityPointDto[] | null) ?? null,
      trades: (row.trades as TradeDto[] | null) ?? null,
      data_source: src?.data_source ?? null,
      data_sources: src?.data_sources ?? null,
      error: row.error,
      duration_ms: row.durationMs,
      created_at: row.createdAt.toISOString(),
      finished_at: row.finishedAt ? row.finishedAt.toISOString() : null,
    };
  }
}

/** Opens scaled by adj_close / close, closes adjusted, when the bar has an adjusted close (6 dp, the price scale). */
function adjusted(b: DailyBar): { open: Decimal; high: Decimal; low: Decimal; close: Decimal } {
  if (b.adjClose === null || b.close.isZero() || b.adjClose.eq(b.close)) return { open: b.open, high: b.high, low: b.low, close: b.close };
  const scale = (v: Decimal) => roundTo(v.mul(b.adjClose!).div(b.close), SCALE.price);
  return { open: scale(b.open), high: scale(b.high), low: scale(b.low), close: b.adjClose };
}

function warmupOf(spec: BacktestSpec): number {
  return spec.document ? spec.document.compiled.warmup : STRATEGIES[spec.strategy!].warmup(spec.parameters, spec.symbols.length);
}

/** How messages name what ran. */
function label(spec: BacktestSpec): string {
  return spec.document ? `strategy "${spec.document.name}" (v${spec.document.version})` : spec.strategy!;
}

function firstSessionOnOrAfter(ymd: string): string | null {
  try {
    return sessionsAfter(minusDays(ymd, 1), 1)[0] ?? null;
  } catch {
    return null;
  }
}

function inputsOf(spec: BacktestSpec): BacktestInputsDto {
  const c = spec.commission;
  return {
    strategy: spec.strategy,
    strategy_id: spec.document?.id ?? null,
    strategy_version: spec.document?.version ?? null,
    symbols: spec.symbols,
    start_date: spec.startDate,
    end_date: spec.endDate,
    initial_capital: moneyJson(spec.initialCapital)!,
    parameters: spec.parameters,
    commission:
      c.kind === 'none'
        ? { kind: 'none' }
        : c.kind === 'per_share'
          ? { kind: 'per_share', per_share: d(c.per_share).toNumber(), minimum: d(c.minimum ?? 0).toNumber() }
          : { kind: 'bps', bps: d(c.bps).toNumber(), minimum: d(c.minimum ?? 0).toNumber() },
    slippage_bps: spec.slippageBps.toNumber(),
    benchmark: spec.benchmark,
    fractional: spec.fractional,
    allow_short: spec.allowShort,
    risk_free_rate: spec.riskFreeRate,
  };
}

/** The spec stored with a queued backtest (its inputs were validated when it was submitted). */
function specOf(row: Backtest, document: BacktestSpec['document']): BacktestSpec {
  const i = row.inputs as unknown as BacktestInputsDto;
  const c = i.commission;
  return {
    strategy: i.strategy ?? null,
    document,
    symbols: i.symbols,
    startDate: i.start_date,
    endDate: i.end_date,
    initialCapital: row.initialCapital,
    parameters: i.parameters,
    commission:
      c.kind === 'none'
        ? { kind: 'none' }
        : c.kind === 'per_share'
          ? { kind: 'per_share', per_share: String(c.per_share), minimum: String(c.minimum ?? 0) }
          : { kind: 'bps', bps: String(c.bps), minimum: String(c.minimum ?? 0) },
    slippageBps: d(i.slippage_bps),
    benchmark: i.benchmark,
    fractional: i.fractional,
    allowShort: i.allow_short,
    riskFreeRate: i.risk_free_rate,
  };
}
