import { Injectable } from '@nestjs/common';
import { type FieldError, ValidationFailedError } from '../common/errors/app-error';
import { portfolioVar, type VarSpec } from '../quant';
import { DEFAULT_PATHS, DEFAULT_SEED, type VarRequestDto, type VarResultDto } from './dto/var.dto';
import { PriceHistoryLoader } from './price-history';
import { mapMathErrors, RiskResultCache } from './risk-cache';
import { duplicateSymbols } from './risk-inputs';
import { fraction, money } from './risk.mapper';

/** POST /api/risk/var: VaR/CVaR of given positions over a lookback of daily closes. */
@Injectable()
export class VarService {
  constructor(
    private readonly prices: PriceHistoryLoader,
    private readonly cache: RiskResultCache,
  ) {}

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
    const history = await mapMathErrors(() => this.prices.load(symbols, lookback));
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

    return this.cache.cached(key, () => {
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
}
