import { RiskMathError } from './errors';

// Module-scope aliases: global lookups are slow inside vm contexts (jest), and these run per draw.
const { imul, log, sqrt, sin, cos, pow, PI } = Math;

/** A seeded, deterministic random source: same seed, same stream, on every machine. */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform on [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal N(0, 1) (Box–Muller, polar-free form, second value cached). */
  nextNormal(): number;
  /** Gamma(shape, scale 1) (Marsaglia–Tsang). */
  nextGamma(shape: number): number;
  /** Chi-square with `dof` degrees of freedom: 2·Gamma(dof/2). */
  nextChiSquare(dof: number): number;
  /**
   * The 128-bit state, after dropping any cached normal: `xoshiro128ss(rng.checkpoint())` continues
   * exactly where this one goes on. Lets a simulation replay single paths without re-running all.
   */
  checkpoint(): [number, number, number, number];
}

/** splitmix32: expands one 32-bit seed into well-mixed words to fill xoshiro's state. */
export function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128** (Blackman & Vigna) with a caller-given 128-bit state; `createRng` is the usual entry.
 * The state must not be all zero.
 */
export function xoshiro128ss(state: readonly [number, number, number, number]): Rng {
  let [s0, s1, s2, s3] = state.map((v) => v >>> 0);
  if ((s0 | s1 | s2 | s3) === 0) throw new RiskMathError('INVALID_INPUT', 'xoshiro128** state must not be all zero');
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextFloat = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  const nextNormal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const u1 = 1 - nextFloat(); // (0, 1]: log never sees 0
    const u2 = nextFloat();
    const r = sqrt(-2 * log(u1));
    const theta = 2 * PI * u2;
    spare = r * sin(theta);
    return r * cos(theta);
  };
  const nextGamma = (shape: number): number => {
    if (!(shape > 0)) throw new RiskMathError('INVALID_INPUT', `gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return nextGamma(shape + 1) * pow(1 - nextFloat(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / sqrt(9 * d);
    for (;;) {
      const x = nextNormal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - nextFloat();
      if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) return d * v;
    }
  };
  const nextChiSquare = (dof: number): number => 2 * nextGamma(dof / 2);
  const checkpoint = (): [number, number, number, number] => {
    spare = null;
    return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
  };

  return { nextUint32, nextFloat, nextNormal, nextGamma, nextChiSquare, checkpoint };
}

/** Seeded generator: xoshiro128** whose state is filled by splitmix32(seed). */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RiskMathError('INVALID_INPUT', `seed must be an integer, got ${seed}`);
  const sm = splitmix32(seed);
  return xoshiro128ss([sm(), sm(), sm(), sm()]);
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
