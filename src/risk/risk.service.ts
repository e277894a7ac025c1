import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { d, Decimal } from '../common/decimal';
import { FieldError, ValidationFailedError } from '../common/errors/app-error';
import { InsufficientHistoryError, RiskInputError } from './errors';
import type { NavPoint, PortfolioHoldings } from '../portfolios/portfolio-holdings.contract';
import type { PortfolioRiskDto, PortfolioRiskQueryDto, SeriesKind } from './dto/portfolio-risk.dto';
import type { ScenarioListDto, StressTestRequestDto, StressTestResultDto } from './dto/stress-test.dto';
import { STRESS_MODEL_DESCRIPTION } from './dto/stress-test.dto';
import { DEFAULT_PATHS, DEFAULT_SEED, type VarRequestDto, type VarResultDto } from './dto/var.dto';
import { fraction, money, ratio } from './risk.mapper';
import { minusDays } from '../common/calendar-date';
import type { Lookback } from './lookback';
import { RiskDependencies } from './risk-dependencies';
import {
  beta as betaOf,
  column,
  columns,
  correlationMatrix,
  holdingsValueSeries,
  momentsFromReturns,
  performanceFigures,
  portfolioVar,
  RiskMathError,
  sectorExposure,
  type VarSpec,
} from '../quant';
import { alignHistory, MIN_RETURNS, PriceHistoryLoader } from './price-history';
import {
  applyScenario,
  canonicalSector,
  CUSTOM_SCENARIO,
  type CustomShocks,
  findScenario,
  HISTORICAL_SCENARIOS,
  indexShock,
  type StressPosition,
} from './scenarios';

/** The benchmark of stress-test betas (the scenarios are S&P 500 moves). */
const STRESS_BENCHMARK = 'SPY';
const STRESS_BETA_LOOKBACK: Lookback = '2y';
/** Slack between a lookback's first trading day and the first recorded NAV (weekends, holidays). */
const NAV_COVERAGE_SLACK_DAYS = 5;

/** Results cache: bounded, keyed by every input (portfolio and holdings version, the normalised request, the market as-of date and last closes: a change is a new key); the TTL only bounds memory held by idle keys. */
const CACHE_ENTRIES = 500;
const CACHE_TTL_MS = 6 * 60 * 60 * 1000;

interface Holding {
  symbol: string;
  quantity: Decimal;
}

/**
 * Orchestrates risk figures: loads holdings (owner-checked by the portfolios module) and daily closes (market
 * module), calls the pure math, rounds for JSON and caches. Every figure's definition is in the DTOs' OpenAPI text.
 */
@Injectable()
export class RiskService {
  /** Concurrent misses of one key share one computation (lru-cache's fetch); a failed computation is not cached. */
  private readonly cache = new LRUCache<string, object, () => Promise<object>>({
    max: CACHE_ENTRIES,
    ttl: CACHE_TTL_MS,
    fetchMethod: (_key, _stale, { context }) => context(),
  });

  constructor(
    private readonly deps: RiskDependencies,
    private readonly prices: PriceHistoryLoader,
  ) {}

  // ---- GET /api/risk/portfolio/{id} ------------------------------------------------------------------------

  async portfolioRisk(userId: string, portfolioId: string, q: PortfolioRiskQueryDto): Promise<PortfolioRiskDto> {
    const method = q.method ?? 'historical';
    const lookback = q.lookback ?? '2y';
    const benchmark = q.benchmark ?? 'SPY';
    const series: SeriesKind = q.series ?? 'holdings';
    const rf = q.risk_free_rate ?? 0;
    const mc = method === 'monte_carlo';
    const paths = q.paths ?? DEFAULT_PATHS;
    const seed = q.seed ?? DEFAULT_SEED;

    const holdings = await this.deps.holdings.getHoldings(userId, portfolioId);
    const positions = mergeHoldings(holdings);
    if (positions.length === 0) {
      throw new ValidationFailedError(
        [{ field: 'portfolio_id', code: 'INVALID_VALUE', message: 'The portfolio has no positions: there is no market risk to measure' }],
        'The portfolio has no positions: there is no market risk to measure',
      );
    }
    await this.prices.instruments([{ symbol: benchmark, field: 'benchmark' }]);
    const symbols = positions.map((p) => p.symbol);
    const sectors = await this.sectorsOf(symbols);
    const history = await this.mapMathErrors(() => this.prices.load([...symbols, benchmark], lookback));
    const nav = series === 'actual' ? await this.navCovering(userId, portfolioId, history.dates, lookback) : null;
    const navKey = nav ? `${nav.length}:${nav[nav.length - 1].date}=${nav[nav.length - 1].nav.toString()}` : null;
    const key = JSON.stringify([
      'portfolio',
      portfolioId,
      holdings.version,
      method,
      lookback,
      benchmark,
      series,
      rf,
      mc ? paths : null,
      mc ? seed : null,
      history.fingerprint,
      navKey,
    ]);

    return this.cached(key, () => {
      const cols = symbols.map((s) => history.symbols.indexOf(s));
      const b = history.symbols.indexOf(benchmark);
      const returns = columns(history.returns, cols);
      const values = positions.map((p, k) => p.quantity.times(history.lastClose[cols[k]]).toNumber());
      const spec: VarSpec = {
        method,
        confidence: 0.95,
        horizonDays: 1,
        horizonMethod: 'sqrt',
        distribution: { type: 'normal' },
        paths,
        seed,
        contributions: false,
      };
      const moments = method === 'historical' ? undefined : momentsFromReturns(returns);
      const at = (confidence: number) => portfolioVar(returns, values, { ...spec, confidence }, moments);
      const [v95, v99, v999] = [at(0.95), at(0.99), at(0.999)];

      const perf =
        nav === null
          ? performanceFigures(
              holdingsValueSeries(
                { dates: history.dates, symbols: history.symbols, prices: history.prices },
                Object.fromEntries(positions.map((p) => [p.symbol, p.quantity.toNumber()])),
                holdings.cash_balance.toNumber(),
              ),
              column(history.returns, b),
              rf,
            )
          : navPerformance(nav, history.dates, column(history.prices, b), rf);

      const invested = positions.reduce((s, p, k) => s.plus(p.quantity.times(history.lastClose[cols[k]])), d(0));
      const exposure = sectorExposure(positions.map((p, k) => ({ sector: sectors.get(p.symbol) ?? 'Unknown', value: values[k] })));
      const correlations = correlationMatrix(symbols, returns);
      return {
        portfolio_id: holdings.portfolio_id,
        var_95: money(v95.var),
        var_99: money(v99.var),
        var_999: money(v999.var),
        cvar_95: money(v95.cvar),
        cvar_99: money(v99.cvar),
        sharpe_ratio: ratio(perf.sharpe),
        sortino_ratio: ratio(perf.sortino),
        volatility: ratio(perf.volatility),
        max_drawdown: ratio(perf.maxDrawdown),
        beta: ratio(perf.beta),
        alpha: ratio(perf.alpha),
        correlation_matrix: mapValues(correlations, (row) => mapValues(row, (r) => fraction(r))),
        sector_exposure: mapValues(exposure, (w) => fraction(w)),
        method,
        lookback,
        benchmark,
        series,
        risk_free_rate: rf,
        as_of: history.asOf,
        start_date: history.start,
        observations: history.returns.length,
        portfolio_value: money(invested.plus(holdings.cash_balance).toNumber()),
        invested_value: money(invested.toNumber()),
        cash_balance: money(holdings.cash_balance.toNumber()),
        paths: mc ? paths : null,
        seed: mc ? seed : null,
      };
    });
  }

  /** The recorded NAV when it covers the lookback's dates, else a 422 saying what is missing. */
  private async navCovering(userId: string, portfolioId: string, dates: string[], lookback: Lookback): Promise<NavPoint[]> {
    const from = dates[0];
    const to = dates[dates.length - 1];
    const nav = await this.deps.holdings.getNavHistory(userId, portfolioId, from, to);
    const tradingDays = new Set(dates);
    const usable = nav.filter((p) => tradingDays.has(p.date) && p.nav.gt(0));
    const first = nav[0]?.date ?? null;
    const covers = first !== null && first <= minusDays(from, -NAV_COVERAGE_SLACK_DAYS) && usable.length - 1 >= MIN_RETURNS;
    if (!covers) {
      throw new InsufficientHistoryError(
        first === null
          ? `series=actual needs the portfolio's recorded daily NAV from ${from}, but none is recorded; use series=holdings`
          : `series=actual needs the portfolio's recorded daily NAV from ${from} (the ${lookback} lookback); it starts ` +
              `${first} with ${usable.length} usable points. Use series=holdings or a shorter lookback`,
        { series: 'actual', lookback, required_from: from, available_from: first, available_points: usable.length },
      );
    }
    return usable;
  }

  // ---- POST /api/risk/var --------------------------------------------------------------------------------

  async valueAtRisk(dto: VarRequestDto): Promise<VarResultDto> {
    const method = dto.method ?? 'historical';
    const confidence = dto.confidence_level ?? 0.95;
    const horizonDays = dto.time_horizon ?? 1;
    const horizonMethod = dto.horizon_method ?? 'sqrt';
    const lookback = dto.lookback ?? '1y';
    const distributionName = dto.distribution ?? 'normal';
    const mc = method === 'monte_carlo';
    const paths = dto.paths ?? DEFAULT_PATHS;
    const seed = dto.seed ?? DEFAULT_SEED;

    const problems: FieldError[] = [];
    if (horizonMethod === 'overlapping' && method !== 'historical') {
      problems.push({ field: 'horizon_method', code: 'INVALID_COMBINATION', message: 'horizon_method overlapping applies to method historical only' });
    }
    if (distributionName === 'student_t' && method === 'historical') {
      problems.push({ field: 'distribution', code: 'INVALID_COMBINATION', message: 'distribution applies to methods parametric and monte_carlo only' });
    }
    problems.push(...duplicateSymbols(dto.positions.map((p) => p.symbol), 'positions'));
    if (problems.length) throw new ValidationFailedError(problems);

    const symbols = dto.positions.map((p) => p.symbol);
    await this.prices.instruments(symbols.map((symbol, i) => ({ symbol, field: `positions.${i}.symbol` })));
    const history = await this.mapMathErrors(() => this.prices.load(symbols, lookback));
    const values = dto.positions.map((p) => p.value);
    const spec: VarSpec = {
      method,
      confidence,
      horizonDays,
      horizonMethod,
      distribution: distributionName === 'student_t' ? { type: 'student-t', dof: dto.dof ?? 5 } : { type: 'normal' },
      paths,
      seed,
      contributions: true,
    };
    const key = JSON.stringify(['var', symbols, values, { ...spec, paths: mc ? paths : null, seed: mc ? seed : null }, lookback, history.fingerprint]);

    return this.cached(key, () => {
      const result = portfolioVar(history.returns, values, spec);
      return {
        var: money(result.var),
        cvar: money(result.cvar),
        method,
        confidence_level: confidence,
        time_horizon: horizonDays,
        horizon_method: horizonMethod,
        portfolio_value: money(result.portfolioValue),
        lookback,
        as_of: history.asOf,
        start_date: history.start,
        observations: history.returns.length,
        paths: mc ? paths : null,
        seed: mc ? seed : null,
        positions: dto.positions.map((p, j) => ({
          symbol: p.symbol,
          value: money(p.value),
          marginal_var: fraction(result.positions[j].marginalVar),
          component_var: money(result.positions[j].componentVar),
        })),
      };
    });
  }

  // ---- POST /api/risk/stress-test ------------------------------------------------------------------------

  async stressTest(userId: string, dto: StressTestRequestDto): Promise<StressTestResultDto> {
    const problems: FieldError[] = [];
    if (dto.portfolio_id !== undefined && dto.positions !== undefined) {
      problems.push({ field: 'positions', code: 'INVALID_COMBINATION', message: 'Give either portfolio_id or positions, not both' });
    }
    if (dto.portfolio_id === undefined && dto.positions === undefined) {
      problems.push({ field: 'portfolio_id', code: 'REQUIRED', message: 'Give portfolio_id or positions' });
    }
    const wantsCustom = dto.scenarios.includes(CUSTOM_SCENARIO);
    if (wantsCustom && dto.custom_shocks === undefined) {
      problems.push({ field: 'custom_shocks', code: 'REQUIRED', message: 'The custom scenario needs custom_shocks' });
    }
    if (!wantsCustom && dto.custom_shocks !== undefined) {
      problems.push({ field: 'custom_shocks', code: 'INVALID_COMBINATION', message: 'custom_shocks needs "custom" in scenarios' });
    }
    if (dto.positions) problems.push(...duplicateSymbols(dto.positions.map((p) => p.symbol), 'positions'));
    if (problems.length) throw new ValidationFailedError(problems);

    const custom = dto.custom_shocks ? normaliseCustomShocks(dto.custom_shocks) : null;
    if (custom?.symbols) {
      await this.prices.instruments(Object.keys(custom.symbols).map((s) => ({ symbol: s, field: `custom_shocks.symbols.${s}` })));
    }

    let holdings: PortfolioHoldings | null = null;
    let book: { symbol: string; quantity?: Decimal; value?: number }[];
    let sectors: Map<string, string>;
    if (dto.portfolio_id !== undefined) {
      holdings = await this.deps.holdings.getHoldings(userId, dto.portfolio_id);
      book = mergeHoldings(holdings);
      sectors = await this.sectorsOf(book.map((p) => p.symbol));
    } else {
      const positions = dto.positions ?? [];
      const infos = await this.prices.instruments(positions.map((p, i) => ({ symbol: p.symbol, field: `positions.${i}.symbol` })));
      book = positions.map((p) => ({ symbol: p.symbol, value: p.value }));
      sectors = new Map([...infos].map(([s, info]) => [s, info.sector]));
    }

    const symbols = book.map((p) => p.symbol);
    const fetched = await this.mapMathErrors(() => this.prices.fetch([STRESS_BENCHMARK, ...symbols], STRESS_BETA_LOOKBACK));
    // Each position's beta over its own common history with SPY (one new listing does not shorten the others').
    const pairs = await this.mapMathErrors(async () =>
      symbols.map((s) => alignHistory(fetched, s === STRESS_BENCHMARK ? [s] : [s, STRESS_BENCHMARK])),
    );
    const benchmarkOnly = symbols.length ? null : await this.mapMathErrors(async () => alignHistory(fetched, [STRESS_BENCHMARK]));
    const asOf = [...pairs.map((h) => h.asOf), benchmarkOnly?.asOf ?? ''].sort().at(-1) as string;
    const key = JSON.stringify([
      'stress',
      holdings ? [holdings.portfolio_id, holdings.version] : book.map((p) => [p.symbol, p.value]),
      dto.scenarios,
      custom,
      pairs.map((h) => h.fingerprint),
      benchmarkOnly?.fingerprint ?? null,
    ]);

    return this.cached(key, () => {
      const positions: StressPosition[] = book.map((p, k) => {
        const h = pairs[k];
        const beta = h.symbols.length === 1 ? 1 : betaOf(column(h.returns, 0), column(h.returns, 1));
        const value = p.quantity ? p.quantity.times(h.lastClose[0]).toNumber() : (p.value as number);
        return { symbol: p.symbol, value, sector: sectors.get(p.symbol) ?? 'Unknown', beta: Number.isFinite(beta) ? beta : 1 };
      });
      const cash = holdings ? holdings.cash_balance.toNumber() : 0;
      const portfolioValue = positions.reduce((s, p) => s + p.value, cash);
      const results = dto.scenarios.map((name) => {
        const scenario = name === CUSTOM_SCENARIO ? (custom as CustomShocks) : findScenario(name);
        if (!scenario) throw new Error(`unknown scenario ${name} passed validation`);
        const outcome = applyScenario(positions, scenario, portfolioValue);
        const historical = 'sector_multipliers' in scenario ? scenario : null;
        return {
          scenario: name,
          title: historical?.title ?? 'Custom shocks',
          index_shock: historical ? fraction(indexShock(historical)) : fraction((scenario as CustomShocks).market ?? 0),
          pnl: money(outcome.pnl),
          pnl_percent: ratio(outcome.pnlPercent, 4),
          positions: outcome.positions.map((r) => ({
            symbol: r.symbol,
            value: money(r.value),
            sector: r.sector,
            beta: fraction(r.beta, 4),
            shock: fraction(r.shock),
            pnl: money(r.pnl),
            rule: r.rule,
          })),
        };
      });
      return {
        portfolio_id: holdings?.portfolio_id ?? null,
        portfolio_value: money(portfolioValue),
        cash_balance: money(cash),
        as_of: asOf,
        results,
      };
    });
  }

  // ---- GET /api/risk/scenarios ---------------------------------------------------------------------------

  scenarios(): ScenarioListDto {
    return {
      model: STRESS_MODEL_DESCRIPTION,
      scenarios: [
        ...HISTORICAL_SCENARIOS.map((s) => ({
          name: s.name,
          title: s.title,
          kind: 'historical' as const,
          start_date: s.start_date,
          end_date: s.end_date,
          index: s.index,
          start_level: s.start_level,
          end_level: s.end_level,
          index_shock: fraction(indexShock(s)),
          source: s.source,
          sector_multipliers: { ...s.sector_multipliers },
          notes: s.notes,
        })),
        {
          name: CUSTOM_SCENARIO,
          title: 'Custom shocks',
          kind: 'custom' as const,
          start_date: null,
          end_date: null,
          index: null,
          start_level: null,
          end_level: null,
          index_shock: null,
          source: null,
          sector_multipliers: {},
          notes:
            'Your shocks from custom_shocks, fractions of price: symbols (as given) win over sectors (as given), which ' +
            'win over market (through each position’s beta, on log prices).',
        },
      ],
    };
  }

  /** Forgets every cached result (tests, operations); results are otherwise recomputed when their inputs change. */
  clearCache(): void {
    this.cache.clear();
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /** Sectors of held symbols; a holding the market no longer knows has no prices to measure: 422 with its name. */
  private async sectorsOf(symbols: readonly string[]): Promise<Map<string, string>> {
    const infos = await Promise.all(symbols.map((s) => this.prices.findInstrument(s)));
    const unknown = symbols.filter((_, k) => !infos[k]);
    if (unknown.length) {
      throw new InsufficientHistoryError(`No market data for held symbol(s) ${unknown.join(', ')}`, { symbols: unknown });
    }
    return new Map(symbols.map((s, k) => [s, infos[k]?.sector || 'Unknown']));
  }

  private async cached<T extends object>(key: string, compute: () => T): Promise<T> {
    return (await this.cache.fetch(key, { context: () => this.mapMathErrors(async () => compute()) })) as T;
  }

  /** Math refusals become 422s with the math's reason; anything else propagates. */
  private async mapMathErrors<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof RiskMathError)) throw e;
      if (e.code === 'INSUFFICIENT_DATA') throw new InsufficientHistoryError(e.message);
      throw new RiskInputError(e.message, e.code);
    }
  }
}

/** Positions with a non-zero quantity, one per symbol (quantities of a repeated symbol added). */
function mergeHoldings(h: PortfolioHoldings): Holding[] {
  const bySymbol = new Map<string, Decimal>();
  for (const p of h.positions) bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? d(0)).plus(p.quantity));
  return [...bySymbol].filter(([, q]) => !q.isZero()).map(([symbol, quantity]) => ({ symbol, quantity }));
}

function duplicateSymbols(symbols: readonly string[], field: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  symbols.forEach((s, i) => {
    if (seen.has(s)) out.push({ field: `${field}.${i}.symbol`, code: 'INVALID_VALUE', message: `${s} appears more than once` });
    seen.add(s);
  });
  return out;
}

/** Sector keys to canonical names and symbol keys to upper case (the DTO already checked both). */
function normaliseCustomShocks(c: NonNullable<StressTestRequestDto['custom_shocks']>): CustomShocks {
  const out: { market?: number; sectors?: Record<string, number>; symbols?: Record<string, number> } = {};
  if (c.market !== undefined) out.market = c.market;
  if (c.sectors) {
    out.sectors = Object.fromEntries(Object.entries(c.sectors).map(([k, v]) => [canonicalSector(k) ?? k, v]));
  }
  if (c.symbols) out.symbols = Object.fromEntries(Object.entries(c.symbols).map(([k, v]) => [k.toUpperCase(), v]));
  return out;
}

/**
 * Performance from the recorded NAV on trading days of the window, against the benchmark's closes on those days
 * (returns between consecutive recorded days on both sides).
 */
function navPerformance(nav: readonly NavPoint[], dates: readonly string[], benchmarkPrices: readonly number[], rf: number) {
  const priceOn = new Map(dates.map((date, t) => [date, benchmarkPrices[t]]));
  const values = nav.map((p) => p.nav.toNumber());
  const bench = nav.map((p) => priceOn.get(p.date) as number);
  const benchReturns = bench.slice(1).map((p, t) => p / bench[t] - 1);
  return performanceFigures(values, benchReturns, rf);
}

function mapValues<V, W>(o: Record<string, V>, f: (v: V) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}
