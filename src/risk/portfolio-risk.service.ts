import { Injectable } from '@nestjs/common';
import { d } from '../common/decimal';
import { ValidationFailedError } from '../common/errors/app-error';
import { minusDays } from '../common/calendar-date';
import type { NavPoint } from '../portfolios/portfolio-holdings.contract';
import {
  column,
  columns,
  correlationMatrix,
  holdingsValueSeries,
  momentsFromReturns,
  performanceFigures,
  portfolioVar,
  sectorExposure,
  type VarSpec,
} from '../quant';
import type { PortfolioRiskDto, PortfolioRiskQueryDto, SeriesKind } from './dto/portfolio-risk.dto';
import { DEFAULT_PATHS, DEFAULT_SEED } from './dto/var.dto';
import { InsufficientHistoryError } from './errors';
import type { Lookback } from './lookback';
import { MIN_RETURNS, PriceHistoryLoader } from './price-history';
import { mapMathErrors, RiskResultCache } from './risk-cache';
import { RiskDependencies } from './risk-dependencies';
import { mergeHoldings, sectorsOf } from './risk-inputs';
import { fraction, mapValues, money, ratio } from './risk.mapper';

/** Slack between a lookback's first trading day and the first recorded NAV (weekends, holidays). */
const NAV_COVERAGE_SLACK_DAYS = 5;

/** GET /api/risk/portfolio/{id}: loads holdings (owner-checked by the portfolios module) and closes, calls the math. */
@Injectable()
export class PortfolioRiskService {
  constructor(
    private readonly deps: RiskDependencies,
    private readonly prices: PriceHistoryLoader,
    private readonly cache: RiskResultCache,
  ) {}

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
    const sectors = await sectorsOf(this.prices, symbols);
    const history = await mapMathErrors(() => this.prices.load([...symbols, benchmark], lookback));
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

    return this.cache.cached(key, () => {
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

