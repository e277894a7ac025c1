import { toJsonNumber } from '../common/decimal';

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
