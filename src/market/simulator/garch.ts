import { Rng } from '../../quant/rng';

/**
 * GARCH(1,1) with Student-t shocks, normalised to unit unconditional variance:
 *
 *   x_t = √h_t · z_t,   z_t = clip(t_ν scaled to variance 1, ±clip) / √E[clip(…)²],
 *   h_t = (1 − α − β) + α·x²_{t−1} + β·h_{t−1},   h_0 = 1.
 *
 * E[x²] = 1, so a loading L turns the series into one with variance L². α + β is the persistence
 * (half-life of a volatility shock = ln ½ / ln(α+β) days). The series grows on demand and keeps its
 * generator, so it is a pure function of its seed parts whatever the order of requests.
 */
export interface GarchParams {
  alpha: number;
  beta: number;
  /** Degrees of freedom of the Student-t shocks (> 2). */
  nu: number;
  /**
   * Standardised shocks are clipped to ±clip (then rescaled to unit variance) so that one draw cannot
   * dominate a decade's sample variance; with ν = 5 a clip at 6 touches about one day in 1,800.
   */
  clip: number;
}

/** Simpson's rule on [a, b] with an even number of intervals. */
function simpson(f: (x: number) => number, a: number, b: number, intervals = 4096): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * E[min(z², clip²)] for z a unit-variance Student-t(ν): the variance left after clipping. Integrated in
 * θ = atan(x), which maps the heavy tail onto a finite, smooth interval.
 */
export function clippedTVariance(nu: number, clip: number): number {
  const scale = Math.sqrt(nu / (nu - 2));
  const a = Math.atan(clip * scale);
  const density = (theta: number) => {
    const x = Math.tan(theta);
    const c = Math.cos(theta);
    return c === 0 ? 0 : Math.pow(1 + (x * x) / nu, -(nu + 1) / 2) / (c * c);
  };
  const total = simpson(density, 0, Math.PI / 2);
  const inside = simpson((th) => Math.tan(th) ** 2 * density(th), 0, a);
  const tail = simpson(density, a, Math.PI / 2);
  const raw = (inside + (clip * scale) ** 2 * tail) / total;
  return raw / (scale * scale);
}

export class UnitGarch {
  /** x_t, valid for t < length. */
  values = new Float64Array(0);
  /** h_t, the conditional variance of x_t. */
  variances = new Float64Array(0);
  length = 0;

  private readonly rng: Rng;
  private readonly omega: number;
  private readonly shockScale: number;
  private h = 1;

  constructor(
    private readonly params: GarchParams,
    ...seedParts: (string | number)[]
  ) {
    const { alpha, beta, nu, clip } = params;
    if (!(alpha >= 0 && beta >= 0 && alpha + beta < 1)) {
      throw new RangeError(`GARCH needs alpha, beta >= 0 and alpha + beta < 1 (got ${alpha}, ${beta})`);
    }
    if (!(nu > 2) || !(clip > 0)) throw new RangeError('GARCH needs nu > 2 and clip > 0');
    this.omega = 1 - alpha - beta;
    this.shockScale = 1 / Math.sqrt(clippedVarianceCached(nu, clip));
    this.rng = new Rng(...seedParts);
  }

  /** Makes x_0 … x_{n−1} available. */
  ensure(n: number): void {
    if (n <= this.length) return;
    if (n > this.values.length) {
      const cap = Math.max(n, this.values.length * 2, 1024);
      const values = new Float64Array(cap);
      const variances = new Float64Array(cap);
      values.set(this.values.subarray(0, this.length));
      variances.set(this.variances.subarray(0, this.length));
      this.values = values;
      this.variances = variances;
    }
    const { alpha, beta, nu, clip } = this.params;
    let h = this.h;
    for (let t = this.length; t < n; t++) {
      let z = this.rng.studentT(nu);
      if (z > clip) z = clip;
      else if (z < -clip) z = -clip;
      const x = Math.sqrt(h) * z * this.shockScale;
      this.values[t] = x;
      this.variances[t] = h;
      h = this.omega + alpha * x * x + beta * h;
    }
    this.h = h;
    this.length = n;
  }
}

const clippedVariances = new Map<string, number>();

function clippedVarianceCached(nu: number, clip: number): number {
  const key = `${nu}|${clip}`;
  let v = clippedVariances.get(key);
  if (v === undefined) {
    v = clippedTVariance(nu, clip);
    clippedVariances.set(key, v);
  }
  return v;
}
