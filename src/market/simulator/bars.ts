import { MS_PER_MINUTE, ordinalOfLatestOpen, ymdToDay } from './calendar';
import type { ImportedSeries } from './imported';
import type { EpochIndex, InstrumentCalibration, InstrumentReturns, ModelParams } from './model';
import { Rng } from '../../quant/rng';

/**
 * Bars and prices of one instrument, built on its daily returns.
 *
 * Daily bar of trading day t (all in log price; C_{t−1} the previous close, r_t the model's return):
 *   close  C_t = C_{t−1} + r_t
 *   open   O_t = C_{t−1} + g_t,  g_t = w·r_t + κ·σ_t·ε          (overnight gap; σ_t² the conditional variance)
 *   high   H_t = (O+C + √((C−O)² − 2v·ln U₁))/2,  low L_t = (O+C − √((C−O)² − 2v·ln U₂))/2
 *          — the exact law of the maximum (minimum) of a Brownian bridge from O to C with variance
 *          v = ((1−w)² + κ²)·σ_t²·(session minutes / 390); so L ≤ min(O,C) ≤ max(O,C) ≤ H always.
 *   volume avgVolume · exp(δN − δ²/2) · (1 + k|r_t|/σ)/(1 + 0.75k)
 *
 * Intraday path of day t, seeded by (seed, symbol, date): one point per minute boundary of the session,
 * pinned at the open (minute 0), the close (last minute), the high and the low (at minutes drawn from the
 * arcsine law, the law of a Brownian argmax), Brownian bridges between the pins, folded back into
 * [L, H] by reflection; so the path hits O, H, L, C exactly and never leaves [L, H]. Each minute has its
 * own extremes (bridge-maximum law, capped at H and L) and a 60-point per-second path pinned to them,
 * seeded by (seed, symbol, date, minute); inside a second the price is interpolated linearly. Volume is
 * spread over minutes by a U-shaped profile with lognormal noise, in integers that add up to the day's.
 *
 * Between sessions, a Brownian bridge seeded by (seed, symbol, date) runs per minute from the close to
 * the next session's open, so there is a price at every instant (bars stay on the NYSE calendar).
 * Nothing here reads the clock: every function takes the instant it should answer for.
 */

const ARCSINE_HALF_PI = Math.PI / 2;
/** Off-hours volume per minute as a share of the session's average per-minute volume. */
export const OFF_HOURS_VOLUME_RATE = 0.05;
const MEAN_ABS_STANDARDISED_RETURN = 0.75;

export interface Ohlcv {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Raw statistics of a (part of a) session, log prices relative to the series' origin. */
interface LogStats {
  open: number;
  high: number;
  low: number;
  last: number;
  volume: number;
}

export interface DayPath {
  openMs: number;
  closeMs: number;
  /** Session length in minutes. */
  n: number;
  /** Log price at each minute boundary, x[0] = open … x[n] = close. */
  x: Float64Array;
  /** Highest and lowest log price inside each minute. */
  mh: Float64Array;
  ml: Float64Array;
  /** Cumulative volume at each minute boundary; cumVol[n] is the day's volume. */
  cumVol: Float64Array;
  stepSd: number;
}

interface NightPath {
  startMs: number;
  endMs: number;
  x: Float64Array;
}

/** Folds x into [low, high] by reflection at both edges (identity inside). */
function fold(x: number, low: number, high: number): number {
  if (x >= low && x <= high) return x;
  const w = high - low;
  if (!(w > 0)) return low;
  let y = (x - low) % (2 * w);
  if (y < 0) y += 2 * w;
  return low + (y > w ? 2 * w - y : y);
}

function bridgeMax(a: number, b: number, variance: number, u: number): number {
  const d = b - a;
  return (a + b + Math.sqrt(d * d - 2 * variance * Math.log(u))) / 2;
}

function arcsineIndex(rng: Rng, n: number): number {
  const s = Math.sin(ARCSINE_HALF_PI * rng.uniform());
  return Math.min(Math.max(Math.round(n * s * s), 1), n - 1);
}

/**
 * n+1 points from `open` to `close` whose maximum is exactly `high` and minimum exactly `low`
 * (requires low ≤ min(open, close), max(open, close) ≤ high, n ≥ 3).
 */
export function pinnedPath(
  rng: Rng,
  n: number,
  open: number,
  high: number,
  low: number,
  close: number,
  stepSd: number,
): Float64Array {
  const out = new Float64Array(n + 1);
  if (!(high > low)) {
    out.fill(open);
    return out;
  }
  let kH = high === open ? 0 : high === close ? n : arcsineIndex(rng, n);
  let kL = low === open ? 0 : low === close ? n : arcsineIndex(rng, n);
  if (kH === kL) {
    if (kH === 0 || kH === n) kH = arcsineIndex(rng, n);
    else kL = kH < n - 1 ? kH + 1 : kH - 1;
  }
  const knots: Array<[number, number]> = [
    [0, open],
    [n, close],
  ];
  if (kH !== 0 && kH !== n) knots.push([kH, high]);
  if (kL !== 0 && kL !== n) knots.push([kL, low]);
  knots.sort((p, q) => p[0] - q[0]);
  for (let s = 0; s + 1 < knots.length; s++) {
    const [i0, v0] = knots[s];
    const [i1, v1] = knots[s + 1];
    const len = i1 - i0;
    out[i0] = v0;
    out[i1] = v1;
    if (len < 2) continue;
    // Brownian bridge: random walk w minus its straight line to w_len, plus the straight line v0 → v1.
    const w = new Float64Array(len + 1);
    for (let k = 1; k <= len; k++) w[k] = w[k - 1] + stepSd * rng.normal();
    for (let k = 1; k < len; k++) {
      const f = k / len;
      out[i0 + k] = fold(v0 + (v1 - v0) * f + w[k] - f * w[len], low, high);
    }
  }
  return out;
}

/** Intraday volume profile: heavy at the open, trough at midday, rising into the close. */
function volumeProfile(u: number): number {
  return 0.55 + 2.2 * Math.exp(-u / 0.05) + 1.3 * Math.exp(-(1 - u) / 0.04);
}

const PROFILE_TOTAL = 0.55 + 2.2 * 0.05 * (1 - Math.exp(-1 / 0.05)) + 1.3 * 0.04 * (1 - Math.exp(-1 / 0.04));

/**
 * Expected share of a session's volume traded by elapsed fraction u of it: the integral of the U-shaped
 * profile over [0, u] (heavy open, quiet midday, busy close) — about 4.5% after 5 minutes, 54% at midday.
 */
export function expectedVolumeShare(u: number): number {
  if (!(u > 0)) return 0;
  if (u >= 1) return 1;
  const integral =
    0.55 * u + 2.2 * 0.05 * (1 - Math.exp(-u / 0.05)) + 1.3 * 0.04 * (Math.exp(-(1 - u) / 0.04) - Math.exp(-1 / 0.04));
  return integral / PROFILE_TOTAL;
}

/** Small least-recently-used cache: paths are cheap to rebuild, so this only bounds memory. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    this.map.set(key, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return v;
  }
}

/** Daily OHLCV of one instrument in log prices (relative to `offset`), grown on demand from the epoch. */
export class DailySeries {
  logOpen = new Float64Array(0);
  logHigh = new Float64Array(0);
  logLow = new Float64Array(0);
  logClose = new Float64Array(0);
  volume = new Float64Array(0);
  /** Variance of the session's Brownian motion (drives intraday wiggle). */
  sessionVar = new Float64Array(0);
  length = 0;
  /**
   * log(price) = relative log + offset. Fixed so the anchor day's close is refPrice; with imported days, so
   * the first imported close is what was imported (or, with only days before the epoch, so the epoch
   * starts from the latest of them).
   */
  readonly offset: number;
  readonly avgVolume: number;

  private readonly rng: Rng;
  /** Imported days are spliced in as the series grows (off while the offset is being found). */
  private splice = false;

  constructor(
    private readonly returns: InstrumentReturns,
    private readonly index: EpochIndex,
    calibration: InstrumentCalibration,
    private readonly params: ModelParams,
    seed: string,
    readonly imported: ImportedSeries | null = null,
  ) {
    this.rng = new Rng(seed, 'bars', calibration.symbol);
    this.avgVolume = calibration.avgVolume ?? params.defaultAvgVolume;
    const first = imported?.first ?? null;
    if (first !== null) {
      this.ensure(first + 1);
      this.offset = Math.log((imported?.days.get(first) as { close: number }).close) - this.logClose[first];
      this.spliceDay(first);
    } else if (imported?.beforeEpoch) {
      this.offset = Math.log(imported.beforeEpoch.close);
    } else {
      const anchor = Math.max(index.indexAtOrBefore(ymdToDay(params.anchorDate)), 0);
      this.ensure(anchor + 1);
      this.offset = Math.log(calibration.refPrice) - this.logClose[anchor];
    }
    this.splice = imported !== null;
  }

  /** Replaces day t's generated bar by the imported one (the days after it grow from its close). */
  private spliceDay(t: number): void {
    const d = this.imported?.days.get(t);
    if (!d) return;
    const off = this.offset;
    this.logOpen[t] = Math.log(d.open) - off;
    this.logHigh[t] = Math.log(d.high) - off;
    this.logLow[t] = Math.log(d.low) - off;
    this.logClose[t] = Math.log(d.close) - off;
    this.volume[t] = Math.max(0, Math.round(d.volume));
    // Parkinson's estimate of the day's variance from its range drives the intraday wiggle.
    const range = this.logHigh[t] - this.logLow[t];
    this.sessionVar[t] = Math.max((range * range) / (4 * Math.LN2), 1e-12);
  }

  /** Log close of day t − 1 (relative), with the day before the epoch at 0. */
  prevClose(t: number): number {
    return t > 0 ? this.logClose[t - 1] : 0;
  }

  ensure(n: number): void {
    if (n <= this.length) return;
    if (n > this.index.length) throw new RangeError('Past the end of the simulated calendar');
    this.returns.ensure(n);
    if (n > this.logClose.length) {
      this.grow(Math.min(Math.max(n, this.logClose.length * 2, 1024), this.index.length));
    }
    const { overnightWeight: w, overnightNoise: kappa, volumeDispersion: dv, volumeReturnSensitivity: k } =
      this.params;
    const r = this.returns.logReturn;
    const cv = this.returns.condVariance;
    const sigmaBar = Math.sqrt(this.returns.loadings.dailyVariance);
    const intradayShare = (1 - w) * (1 - w) + kappa * kappa;
    const volNorm = this.avgVolume / (1 + k * MEAN_ABS_STANDARDISED_RETURN);
    const rng = this.rng;
    for (let t = this.length; t < n; t++) {
      const prev = this.prevClose(t);
      const rt = r[t];
      const sd = Math.sqrt(cv[t]);
      const c = prev + rt;
      const o = prev + w * rt + kappa * sd * rng.normal();
      const minutes = this.index.isEarlyClose(t) ? 210 : 390;
      const v = intradayShare * cv[t] * (minutes / 390);
      const high = bridgeMax(o, c, v, rng.uniform());
      const low = o + c - bridgeMax(o, c, v, rng.uniform());
      const noise = Math.exp(dv * rng.normal() - (dv * dv) / 2);
      const rel = sigmaBar > 0 ? Math.abs(rt) / sigmaBar : 0;
      this.logOpen[t] = o;
      this.logHigh[t] = high;
      this.logLow[t] = low;
      this.logClose[t] = c;
      this.volume[t] = Math.max(1, Math.round(volNorm * noise * (1 + k * rel)));
      this.sessionVar[t] = v;
      if (this.splice) this.spliceDay(t);
    }
    this.length = n;
  }

  private grow(cap: number): void {
    const copy = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.logOpen = copy(this.logOpen);
    this.logHigh = copy(this.logHigh);
    this.logLow = copy(this.logLow);
    this.logClose = copy(this.logClose);
    this.volume = copy(this.volume);
    this.sessionVar = copy(this.sessionVar);
  }
}

export interface PathCaches {
  days: Lru<string, DayPath>;
  seconds: Lru<string, Float64Array>;
  nights: Lru<string, NightPath>;
}

export function createPathCaches(): PathCaches {
  return { days: new Lru(1024), seconds: new Lru(512), nights: new Lru(512) };
}

/** Prices, bars and volume of one instrument at any instant, from its daily series and seeded paths. */
export class InstrumentPaths {
  constructor(
    private readonly seed: string,
    readonly symbol: string,
    readonly series: DailySeries,
    private readonly index: EpochIndex,
    private readonly caches: PathCaches,
    /** Names this instrument's entries in the shared caches (changes when its imported history does). */
    private readonly cacheKey: string = symbol,
  ) {}

  /** Price (currency) of a relative log price. */
  price(rel: number): number {
    return Math.exp(rel + this.series.offset);
  }

  /** Index of the latest session whose open ≤ ms (−1 before the epoch's first open). */
  latestSession(ms: number): number {
    return Math.max(ordinalOfLatestOpen(new Date(ms)) - this.index.epochOrdinal, -1);
  }

  session(t: number): { open: number; close: number } {
    return { open: this.index.openMs(t), close: this.index.closeMs(t) };
  }

  dayPath(t: number): DayPath {
    return this.caches.days.get(`${this.cacheKey}|${t}`, () => this.buildDayPath(t));
  }

  private buildDayPath(t: number): DayPath {
    const s = this.series;
    s.ensure(t + 1);
    const { open: openMs, close: closeMs } = this.session(t);
    const n = Math.round((closeMs - openMs) / MS_PER_MINUTE);
    const rng = new Rng(this.seed, 'intraday', this.symbol, this.index.ymdOf(t));
    const stepSd = Math.sqrt(s.sessionVar[t] / n);
    const high = s.logHigh[t];
    const low = s.logLow[t];
    const x = pinnedPath(rng, n, s.logOpen[t], high, low, s.logClose[t], stepSd);
    const mh = new Float64Array(n);
    const ml = new Float64Array(n);
    const weights = new Float64Array(n);
    let total = 0;
    for (let j = 0; j < n; j++) {
      const a = x[j];
      const b = x[j + 1];
      mh[j] = Math.min(high, bridgeMax(a, b, stepSd * stepSd, rng.uniform()));
      ml[j] = Math.max(low, a + b - bridgeMax(a, b, stepSd * stepSd, rng.uniform()));
      weights[j] = volumeProfile((j + 0.5) / n) * Math.exp(0.4 * rng.normal());
      total += weights[j];
    }
    const volume = s.volume[t];
    const cumVol = new Float64Array(n + 1);
    let acc = 0;
    for (let j = 0; j < n; j++) {
      acc += weights[j];
      cumVol[j + 1] = j + 1 === n ? volume : Math.round((volume * acc) / total);
    }
    return { openMs, closeMs, n, x, mh, ml, cumVol, stepSd };
  }

  /** The per-second path inside minute j of day t (61 points, second 0 … 60). */
  secondPath(t: number, j: number): Float64Array {
    return this.caches.seconds.get(`${this.cacheKey}|${t}|${j}`, () => {
      const p = this.dayPath(t);
      const rng = new Rng(this.seed, 'second', this.symbol, this.index.ymdOf(t), j);
      return pinnedPath(rng, 60, p.x[j], p.mh[j], p.ml[j], p.x[j + 1], p.stepSd / Math.sqrt(60));
    });
  }

  /** The path from the close of session t to the open of session t + 1, one point per minute. */
  nightPath(t: number): NightPath {
    return this.caches.nights.get(`${this.cacheKey}|${t}`, () => {
      if (t + 1 >= this.index.length) throw new RangeError('Past the end of the simulated calendar');
      const s = this.series;
      s.ensure(t + 2);
      const startMs = this.session(t).close;
      const endMs = this.session(t + 1).open;
      const m = Math.round((endMs - startMs) / MS_PER_MINUTE);
      const rng = new Rng(this.seed, 'night', this.symbol, this.index.ymdOf(t));
      // Off-hours wiggle: 30% of the session's volatility, spread over the whole break.
      const stepSd = (0.3 * Math.sqrt(s.sessionVar[t])) / Math.sqrt(m);
      const w = new Float64Array(m + 1);
      for (let k = 1; k <= m; k++) w[k] = w[k - 1] + stepSd * rng.normal();
      const a = s.logClose[t];
      const b = s.logOpen[t + 1];
      const x = new Float64Array(m + 1);
      for (let k = 0; k <= m; k++) {
        const f = k / m;
        x[k] = a + (b - a) * f + w[k] - f * w[m];
      }
      x[0] = a;
      x[m] = b;
      return { startMs, endMs, x };
    });
  }

  /**
   * Shares traded between the close of session t and ms (0 before the close): off-hours liquidity runs at
   * OFF_HOURS_VOLUME_RATE of the session's average per-minute volume, evenly, so a 24/7 market
   * (TRADING_HOURS=always) can fill resting orders at night — about 5% of a day's volume over a weeknight.
   */
  offHoursVolume(t: number, ms: number): number {
    const { open, close } = this.session(t);
    if (ms < close) return 0;
    this.series.ensure(t + 1);
    const perMinute = (OFF_HOURS_VOLUME_RATE * this.series.volume[t] * MS_PER_MINUTE) / (close - open);
    return Math.floor((perMinute * (ms - close)) / MS_PER_MINUTE);
  }

  /** Log price (relative) at ms, within session t (openMs ≤ ms < closeMs). */
  private inSession(t: number, p: DayPath, ms: number): { j: number; within: number; sec: number; value: number } {
    const elapsed = ms - p.openMs;
    const j = Math.floor(elapsed / MS_PER_MINUTE);
    const within = elapsed - j * MS_PER_MINUTE;
    const sp = this.secondPath(t, j);
    const sec = Math.floor(within / 1000);
    const frac = (within - sec * 1000) / 1000;
    const value = frac === 0 ? sp[sec] : sp[sec] + (sp[sec + 1] - sp[sec]) * frac;
    return { j, within, sec, value };
  }

  /**
   * Stats of session t from minute `fromMinute` up to instant ms (inclusive), using only prices at or
   * before ms. For ms ≥ close it is the full remainder of the session.
   */
  stats(t: number, fromMinute: number, ms: number): LogStats {
    const p = this.dayPath(t);
    const open = p.x[fromMinute];
    let high = open;
    let low = open;
    if (ms >= p.closeMs) {
      for (let j = fromMinute; j < p.n; j++) {
        if (p.mh[j] > high) high = p.mh[j];
        if (p.ml[j] < low) low = p.ml[j];
      }
      return { open, high, low, last: p.x[p.n], volume: p.cumVol[p.n] - p.cumVol[fromMinute] };
    }
    const at = this.inSession(t, p, ms);
    for (let j = fromMinute; j < at.j; j++) {
      if (p.mh[j] > high) high = p.mh[j];
      if (p.ml[j] < low) low = p.ml[j];
    }
    const sp = this.secondPath(t, at.j);
    for (let k = 0; k <= at.sec; k++) {
      if (sp[k] > high) high = sp[k];
      if (sp[k] < low) low = sp[k];
    }
    if (at.value > high) high = at.value;
    if (at.value < low) low = at.value;
    const minuteVol = p.cumVol[at.j + 1] - p.cumVol[at.j];
    const volume =
      p.cumVol[at.j] - p.cumVol[fromMinute] + Math.floor((minuteVol * at.within) / MS_PER_MINUTE);
    return { open, high, low, last: at.value, volume };
  }

  /** Log price (relative) at any instant from the epoch's first open on. */
  logPriceAt(ms: number): number {
    const t = this.latestSession(ms);
    if (t < 0) throw new RangeError(`No simulated price before the epoch's first session (${this.index.ymdOf(0)})`);
    const p = this.dayPath(t);
    if (ms < p.closeMs) return this.inSession(t, p, ms).value;
    const night = this.nightPath(t);
    const k = Math.floor((ms - night.startMs) / MS_PER_MINUTE);
    const frac = (ms - night.startMs - k * MS_PER_MINUTE) / MS_PER_MINUTE;
    return frac === 0 ? night.x[k] : night.x[k] + (night.x[k + 1] - night.x[k]) * frac;
  }

  /** Daily bar of session t as seen at asOfMs (session must have opened); partial while it runs. */
  dailyBar(t: number, asOfMs: number): Ohlcv & { partial: boolean } {
    const s = this.series;
    s.ensure(t + 1);
    if (asOfMs >= this.index.closeMs(t)) {
      return {
        open: this.price(s.logOpen[t]),
        high: this.price(s.logHigh[t]),
        low: this.price(s.logLow[t]),
        close: this.price(s.logClose[t]),
        volume: s.volume[t],
        partial: false,
      };
    }
    const st = this.stats(t, 0, asOfMs);
    return {
      open: this.price(st.open),
      high: this.price(st.high),
      low: this.price(st.low),
      close: this.price(st.last),
      volume: st.volume,
      partial: true,
    };
  }

  /** Bars of `intervalMinutes` aligned on each session's open, with start in [fromMs, toMs) and ≤ asOfMs. */
  intradayBars(
    fromMs: number,
    toMs: number,
    intervalMinutes: number,
    asOfMs: number,
  ): Array<Ohlcv & { startMs: number; partial: boolean }> {
    const out: Array<Ohlcv & { startMs: number; partial: boolean }> = [];
    const lastStart = Math.min(toMs - 1, asOfMs);
    if (lastStart < fromMs) return out;
    const tEnd = this.latestSession(lastStart);
    for (let t = Math.max(this.latestSession(fromMs), 0); t <= tEnd; t++) {
      const p = this.dayPath(t);
      for (let start = 0; start < p.n; start += intervalMinutes) {
        const startMs = p.openMs + start * MS_PER_MINUTE;
        if (startMs < fromMs) continue;
        if (startMs > lastStart) break;
        const end = Math.min(start + intervalMinutes, p.n);
        const endMs = p.openMs + end * MS_PER_MINUTE;
        const partial = asOfMs < endMs;
        let st: LogStats;
        if (partial) {
          st = this.stats(t, start, asOfMs);
        } else {
          let high = p.x[start];
          let low = p.x[start];
          for (let j = start; j < end; j++) {
            if (p.mh[j] > high) high = p.mh[j];
            if (p.ml[j] < low) low = p.ml[j];
          }
          st = { open: p.x[start], high, low, last: p.x[end], volume: p.cumVol[end] - p.cumVol[start] };
        }
        out.push({
          startMs,
          open: this.price(st.open),
          high: this.price(st.high),
          low: this.price(st.low),
          close: this.price(st.last),
          volume: st.volume,
          partial,
        });
      }
    }
    return out;
  }
}
