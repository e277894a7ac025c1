/**
 * Seeded, deterministic random numbers: the one source of randomness of the market simulator and of Monte Carlo VaR.
 *
 * A stream is keyed by a list of parts (seed, symbol, date, purpose, …) hashed with cyrb128 into the
 * 128-bit state of sfc32 (Chris Doty-Humphrey's Small Fast Counting generator; passes PractRand to
 * terabytes and needs only 32-bit integer arithmetic, so it is exact in JavaScript). Normal draws use the
 * Marsaglia polar method, which needs only `Math.log` and `Math.sqrt`: `sqrt` is exact IEEE and V8's
 * `log` is its fdlibm port, so a stream gives bit-identical numbers on every instance.
 */

export type SeedPart = string | number;

/** cyrb128 string hash → four 32-bit words. */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Unit separator between parts, so ('ab','c') and ('a','bc') give different streams. */
const SEP = '\u001f';
const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(...parts: SeedPart[]) {
    [this.a, this.b, this.c, this.d] = cyrb128(parts.map(String).join(SEP));
    // Discard the first outputs: sfc32 mixes its state in about a dozen rounds.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A generator that continues exactly where the one `state` was taken from (`checkpoint`) went on. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    [r.a, r.b, r.c, r.d] = state.map((v) => v | 0);
    r.spare = 0;
    r.hasSpare = false;
    return r;
  }

  /** The 128-bit state, after dropping any cached normal, so a simulation can replay single paths. */
  checkpoint(): [number, number, number, number] {
    this.hasSpare = false;
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** Uniform on the open interval (0, 1): never 0, so `log(u)` is always finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Standard normal (Marsaglia polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /**
   * Fills `out` with standard normals: exactly the values `out.length` calls of `normal()` return (a cached spare
   * first, the last pair's second value cached), with the generator's state held in locals for the loop.
   */
  fillNormal(out: Float64Array): void {
    let i = 0;
    const n = out.length;
    if (n === 0) return;
    if (this.hasSpare) {
      this.hasSpare = false;
      out[i++] = this.spare;
    }
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    while (i < n) {
      let u: number;
      let v: number;
      let s: number;
      do {
        let t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) | 0;
        u = 2 * (((t >>> 0) + 0.5) / TWO_POW_32) - 1;
        t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) | 0;
        v = 2 * (((t >>> 0) + 0.5) / TWO_POW_32) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = u * f;
      if (i < n) out[i++] = v * f;
      else {
        this.spare = v * f;
        this.hasSpare = true;
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** Drops a cached normal (what `checkpoint` does, without reading the state out). */
  dropSpare(): void {
    this.hasSpare = false;
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted with the u^(1/shape) trick). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Chi-square with `dof` degrees of freedom: 2·Gamma(dof/2). */
  chiSquare(dof: number): number {
    return 2 * this.gamma(dof / 2);
  }

  /** Student-t with ν > 2 degrees of freedom, scaled to unit variance: z·√((ν−2)/χ²_ν). */
  studentT(nu: number): number {
    if (!(nu > 2)) throw new RangeError(`Student-t needs nu > 2 for a finite variance, got ${nu}`);
    const chi2 = 2 * this.gamma(nu / 2);
    return this.normal() * Math.sqrt((nu - 2) / chi2);
  }
}
