import { Injectable } from '@nestjs/common';
import type { Decimal } from '../common/decimal';
import { type FieldError, ValidationFailedError } from '../common/errors/app-error';
import type { PortfolioHoldings } from '../portfolios/portfolio-holdings.contract';
import { beta as betaOf, column } from '../quant';
import type { ScenarioListDto, StressTestRequestDto, StressTestResultDto } from './dto/stress-test.dto';
import type { Lookback } from './lookback';
import { alignHistory, PriceHistoryLoader } from './price-history';
import { mapMathErrors, RiskResultCache } from './risk-cache';
import { RiskDependencies } from './risk-dependencies';
import { duplicateSymbols, mergeHoldings, sectorsOf } from './risk-inputs';
import { fraction, money, ratio, toScenarioListDto } from './risk.mapper';
import { applyScenario, canonicalSector, CUSTOM_SCENARIO, type CustomShocks, findScenario, indexShock, type StressPosition } from './scenarios';

/** The benchmark of stress-test betas (the scenarios are S&P 500 moves). */
const STRESS_BENCHMARK = 'SPY';
const STRESS_BETA_LOOKBACK: Lookback = '2y';

/** POST /api/risk/stress-test: historical and custom scenarios applied through each position's beta to SPY. */
@Injectable()
export class StressTestService {
  constructor(
    private readonly deps: RiskDependencies,
    private readonly prices: PriceHistoryLoader,
    private readonly cache: RiskResultCache,
  ) {}

  async stressTest(userId: string, dto: StressTestRequestDto): Promise<StressTestResultDto> {
    const problems: FieldError[] = [];
    if (dto.portfolio_id !== undefined && dto.positions !== undefined) {
      problems.push({ field: 'positions', code: 'INVALID_COMBINATION', message: 'Give either portfolio_id or positions, not both' });
    }
    if (dto.portfolio_id === undefined && dto.positions === undefined) {
      problems.push({ field: 'portfolio_id', code: 'REQUIRED', message: 'Give portfolio_id or positions' });
    }
    const wantsCustom = dto.scenarios.includes(CUSTOM_SCENARIO);
    // The seed's own example asks for "custom" without shocks: compute the others and say why custom was skipped.
    const skipCustom = wantsCustom && dto.custom_shocks === undefined && dto.scenarios.length > 1;
    if (wantsCustom && dto.custom_shocks === undefined && !skipCustom) {
      problems.push({ field: 'custom_shocks', code: 'REQUIRED', message: 'The custom scenario needs custom_shocks' });
    }
    const computed = skipCustom ? dto.scenarios.filter((n) => n !== CUSTOM_SCENARIO) : dto.scenarios;
    const skipped = skipCustom ? [{ scenario: CUSTOM_SCENARIO, reason: 'The custom scenario needs custom_shocks; none were given' }] : [];
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
      sectors = await sectorsOf(this.prices, book.map((p) => p.symbol));
    } else {
      const positions = dto.positions ?? [];
      const infos = await this.prices.instruments(positions.map((p, i) => ({ symbol: p.symbol, field: `positions.${i}.symbol` })));
      book = positions.map((p) => ({ symbol: p.symbol, value: p.value }));
      sectors = new Map([...infos].map(([s, info]) => [s, info.sector]));
    }

    const symbols = book.map((p) => p.symbol);
    const fetched = await mapMathErrors(() => this.prices.fetch([STRESS_BENCHMARK, ...symbols], STRESS_BETA_LOOKBACK));
    // Each position's beta over its own common history with SPY (one new listing does not shorten the others').
    const pairs = await mapMathErrors(async () =>
      symbols.map((s) => alignHistory(fetched, s === STRESS_BENCHMARK ? [s] : [s, STRESS_BENCHMARK])),
    );
    const benchmarkOnly = symbols.length ? null : await mapMathErrors(async () => alignHistory(fetched, [STRESS_BENCHMARK]));
    const asOf = [...pairs.map((h) => h.asOf), benchmarkOnly?.asOf ?? ''].sort().at(-1) as string;
    const key = JSON.stringify([
      'stress',
      holdings ? [holdings.portfolio_id, holdings.version] : book.map((p) => [p.symbol, p.value]),
      computed,
      custom,
      pairs.map((h) => h.fingerprint),
      benchmarkOnly?.fingerprint ?? null,
    ]);

    return this.cache.cached(key, () => {
      const positions: StressPosition[] = book.map((p, k) => {
        const h = pairs[k];
        const beta = h.symbols.length === 1 ? 1 : betaOf(column(h.returns, 0), column(h.returns, 1));
        const value = p.quantity ? p.quantity.times(h.lastClose[0]).toNumber() : (p.value as number);
        return { symbol: p.symbol, value, sector: sectors.get(p.symbol) ?? 'Unknown', beta: Number.isFinite(beta) ? beta : 1 };
      });
      const cash = holdings ? holdings.cash_balance.toNumber() : 0;
      const portfolioValue = positions.reduce((s, p) => s + p.value, cash);
      const results = computed.map((name) => {
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
        skipped,
      };
    });
  }

  scenarios(): ScenarioListDto {
    return toScenarioListDto();
  }
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
