import { toJsonNumber } from '../common/decimal';
import { type ScenarioListDto, STRESS_MODEL_DESCRIPTION } from './dto/stress-test.dto';
import { CUSTOM_SCENARIO, HISTORICAL_SCENARIOS, indexShock } from './scenarios';

/* Rounding of the float64 risk figures for JSON. */

/** Money for JSON: 2 dp, half-even; never −0. A non-finite amount is a bug, not a value to hide. */
export function money(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite money amount ${x}`);
  return (toJsonNumber(x, 2) as number) + 0;
}

/** A fraction or ratio for JSON (6 dp by default); null (and anything undefined) stays null. */
export function ratio(x: number | null, dp = 6): number | null {
  return x === null || !Number.isFinite(x) ? null : (toJsonNumber(x, dp) as number) + 0;
}

/** A fraction that must be defined (e.g. a shock or a marginal VaR). */
export function fraction(x: number, dp = 6): number {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite fraction ${x}`);
  return (toJsonNumber(x, dp) as number) + 0;
}

export function mapValues<V, W>(o: Record<string, V>, f: (v: V) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** GET /api/risk/scenarios: the scenario catalogue as served. */
export function toScenarioListDto(): ScenarioListDto {
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
