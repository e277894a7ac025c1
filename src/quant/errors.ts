/** Why a risk computation refused its input; the service maps these to 422 with the message as the reason. */
export type RiskMathErrorCode = 'INSUFFICIENT_DATA' | 'INVALID_INPUT' | 'NOT_POSITIVE_SEMIDEFINITE';

export class RiskMathError extends Error {
  constructor(
    readonly code: RiskMathErrorCode,
    message: string,
    /** What the caller may report, e.g. `{available, required}` for INSUFFICIENT_DATA. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RiskMathError';
  }
}

const { isFinite } = Number; // module-scope alias: this runs per element

export function assertFiniteArray(name: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    if (!isFinite(xs[i])) throw new RiskMathError('INVALID_INPUT', `${name}[${i}] is not a finite number`);
  }
}

export function assertMinLength(name: string, xs: ArrayLike<unknown>, min: number): void {
  if (xs.length < min) {
    throw new RiskMathError('INSUFFICIENT_DATA', `${name} needs at least ${min} observations, got ${xs.length}`);
  }
}

export function assertSameLength(a: string, xs: ArrayLike<unknown>, b: string, ys: ArrayLike<unknown>): void {
  if (xs.length !== ys.length) {
    throw new RiskMathError('INVALID_INPUT', `${a} and ${b} must have the same length (${xs.length} vs ${ys.length})`);
  }
}

export function assertConfidence(c: number): void {
  if (!(c > 0 && c < 1)) throw new RiskMathError('INVALID_INPUT', `confidence must be in (0, 1), got ${c}`);
}

export function assertPositiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RiskMathError('INVALID_INPUT', `${name} must be a positive integer, got ${v}`);
}
