import { d, Decimal, roundTo, SCALE } from '../../../common/decimal';
import { commission, type CommissionSchedule, withSlippage } from '../../../quant/costs';
import type { BacktestBars } from '../../backtest/domain/backtest';
import type { DocumentInput, StrategyDocument } from './document';
import type { ExtraColumns } from './run';

/*
 * The live runner's pure parts: the session window a deployment's rules read (the same bars for every decision and
 * for the parity backtest), the document's sizing, how many shares an entry buys, and the parity comparison.
 */

/** A daily bar as `MarketDataService.getDailyBars` gives it. */
export interface LiveBar {
  date: string;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  adjClose: Decimal | null;
}

/** Bars of the universe on one session axis: `warmup` sessions before the first traded one, then the live period. */
export interface SessionWindow {
  bars: BacktestBars;
  extra: ExtraColumns;
  /** Index of the first session on or after the deployment's first session (= dates.length before it has one). */
  start: number;
}

/** A symbol without enough history before the first session to warm up the document's indicators. */
export class WindowHistoryError extends Error {
  constructor(
    readonly symbol: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`${symbol} has ${available} sessions before the deployment's first session; the document needs ${needed}`);
    this.name = new.target.name;
  }
}

function adjusted(b: LiveBar): { open: Decimal; high: Decimal; low: Decimal; close: Decimal } {
  if (b.adjClose === null || b.close.isZero() || b.adjClose.eq(b.close)) return { open: b.open, high: b.high, low: b.low, close: b.close };
  const scale = (v: Decimal) => roundTo(v.mul(b.adjClose!).div(b.close), SCALE.price);
  return { open: scale(b.open), high: scale(b.high), low: scale(b.low), close: b.adjClose };
}

/**
 * The window the backtester would build for a run starting at `firstSession`: per symbol the last `warmup` bars
 * before it and every bar from it through `through`; one axis of every date any symbol traded; gaps carry the
 * last close and are not traded (the backtest service's construction, adjusted prices included).
 */
export function sessionWindow(symbols: readonly string[], histories: readonly (readonly LiveBar[])[], firstSession: string, warmup: number, through: string): SessionWindow {
  const kept = histories.map((h, i) => {
    const before = h.filter((b) => b.date < firstSession);
    if (before.length < warmup) throw new WindowHistoryError(symbols[i], warmup, before.length);
    return [...before.slice(before.length - warmup), ...h.filter((b) => b.date >= firstSession && b.date <= through)];
  });
  const dates = [...new Set(kept.flatMap((h) => h.map((b) => b.date)))].sort();
  const startAt = dates.findIndex((x) => x >= firstSession);
  const open: Decimal[][] = [];
  const close: Decimal[][] = [];
  const traded: Uint8Array[] = [];
  const extra: { high: Float64Array[]; low: Float64Array[]; volume: Float64Array[] } = { high: [], low: [], volume: [] };
  for (const h of kept) {
    const o: Decimal[] = new Array<Decimal>(dates.length);
    const c: Decimal[] = new Array<Decimal>(dates.length);
    const tr = new Uint8Array(dates.length);
    const hi = new Float64Array(dates.length);
    const lo = new Float64Array(dates.length);
    const vol = new Float64Array(dates.length);
    const byDate = new Map(h.map((b) => [b.date, b]));
    let last = h.length ? adjusted(h[0]).open : d(0);
    for (let t = 0; t < dates.length; t++) {
      const b = byDate.get(dates[t]);
      if (b) {
        const a = adjusted(b);
        o[t] = a.open;
        c[t] = a.close;
        tr[t] = 1;
        last = a.close;
        hi[t] = a.high.toNumber();
        lo[t] = a.low.toNumber();
        vol[t] = b.volume.toNumber();
      } else {
        o[t] = last;
        c[t] = last;
        hi[t] = lo[t] = last.toNumber();
      }
    }
    open.push(o);
    close.push(c);
    traded.push(tr);
    extra.high.push(hi);
    extra.low.push(lo);
    extra.volume.push(vol);
  }
  return { bars: { dates, symbols, open, close, traded }, extra, start: startAt < 0 ? dates.length : startAt };
}

/**
 * The document's input for deciding the session after the window's last one: the window plus that session, whose
 * prices are not known yet (its open only sets the entry price later decisions read, so it is the last close here).
 */
export function decisionInput(w: SessionWindow, nextSession: string): DocumentInput {
  const n = w.bars.dates.length;
  const extend = (col: Float64Array, v: number) => {
    const out = new Float64Array(n + 1);
    out.set(col);
    out[n] = v;
    return out;
  };
  const lastClose = (i: number) => (n > 0 ? w.bars.close[i][n - 1].toNumber() : NaN);
  const floats = (cols: BacktestBars['open']) => cols.map((col, i) => extend(Float64Array.from(col, (v) => v.toNumber()), lastClose(i)));
  return {
    dates: [...w.bars.dates, nextSession],
    open: floats(w.bars.open),
    close: floats(w.bars.close),
    high: w.extra.high.map((c, i) => extend(c, lastClose(i))),
    low: w.extra.low.map((c, i) => extend(c, lastClose(i))),
    volume: w.extra.volume.map((c) => extend(c, 0)),
    start: w.start,
  };
}

/** What one entry takes: `weight` of the equity at the open, or `quantity` shares (compileDocument's sizing). */
export function documentSizing(doc: StrategyDocument): { weight: number; quantity: string | null } {
  const s = doc.sizing;
  if (s.type === 'fixed_quantity') return { weight: 1 / doc.universe.length, quantity: String(s.quantity) };
  if (s.type === 'equal_weight_top_n') return { weight: 1 / s.n, quantity: null };
  return { weight: s.fraction ?? 1 / doc.universe.length, quantity: null };
}

const money = (v: Decimal) => roundTo(v, SCALE.money);

/**
 * Whole shares an entry buys at `open`, as the backtest engine sizes it: equity at the open × weight (or the fixed
 * quantity) at the open plus slippage, cut to what the cash pays for with commission. `sizedDown` when cut.
 */
export function entryQuantity(
  sizing: { weight: number; quantity: string | null },
  equityAtOpen: Decimal,
  cash: Decimal,
  open: Decimal,
  schedule: CommissionSchedule,
  slippageBps: Decimal,
): { quantity: Decimal; price: Decimal; sizedDown: boolean } {
  const price = withSlippage('buy', open, slippageBps);
  const floor = (q: Decimal) => (q.lte(0) ? d(0) : q.toDecimalPlaces(0, Decimal.ROUND_DOWN));
  const cost = (q: Decimal) => money(q.mul(price)).plus(commission(schedule, q, price));
  const wanted = floor(sizing.quantity !== null ? d(sizing.quantity) : equityAtOpen.mul(d(sizing.weight)).div(price));
  if (cost(wanted).lte(cash)) return { quantity: wanted, price, sizedDown: false };
  // The largest whole quantity the cash pays for (cost grows with the quantity).
  let lo = 0;
  let hi = wanted.toNumber();
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(d(mid)).lte(cash)) lo = mid;
    else hi = mid - 1;
  }
  return { quantity: d(lo), price, sizedDown: lo > 0 };
}

/**
 * All the entries of one open, as the engine sizes them: each on the same equity at the open (after the exits), in
 * order, each cut to the cash the previous ones left. Sizing them one by one on a fresh equity would charge every
 * entry the slippage and fees of the ones before it, and a later entry could come out a share short.
 */
export function sizeEntries(
  sizing: { weight: number; quantity: string | null },
  equityAtOpen: Decimal,
  cash: Decimal,
  opens: readonly Decimal[],
  schedule: CommissionSchedule,
  slippageBps: Decimal,
): { quantity: Decimal; price: Decimal; sizedDown: boolean }[] {
  let left = cash;
  return opens.map((open) => {
    const sized = entryQuantity(sizing, equityAtOpen, left, open, schedule, slippageBps);
    if (sized.quantity.gt(0)) left = left.minus(money(sized.quantity.mul(sized.price))).minus(commission(schedule, sized.quantity, sized.price));
    return sized;
  });
}

// ---- parity -----------------------------------------------------------------------------------------------

export interface ParityFill {
  /** The session whose open it traded at. */
  date: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: Decimal;
}

/** One live decision as the parity check reads it (with its order, when one was placed). */
export interface LiveDecision {
  sessionDate: string;
  tradeSession: string;
  symbol: string;
  /** What the rules asked for against the real position (none = nothing to do). */
  action: 'buy' | 'sell' | 'none';
  status: 'hold' | 'pending' | 'placing' | 'placed' | 'refused' | 'rejected' | 'missed' | 'paused';
  reason: string | null;
  order: { status: string; filled_quantity: Decimal; reject_reason: string | null } | null;
}

export const PARITY_REASONS = [
  'not_decided',
  'paused',
  'missed',
  'refused',
  'rejected',
  'not_filled_yet',
  'partial_fill',
  'not_filled',
  'quantity_differs',
  'position_differs',
  'not_in_backtest',
] as const;
export type ParityReason = (typeof PARITY_REASONS)[number];

export interface ParityDifference {
  trade_session: string;
  symbol: string;
  side: 'buy' | 'sell';
  backtest_quantity: Decimal | null;
  live_quantity: Decimal | null;
  reason: ParityReason;
  message: string;
}

export interface ParityResult {
  matched: number;
  differences: ParityDifference[];
}

/** Quantities within this are the same (the ledger keeps 8 dp, whole-share runs compare exactly). */
const TOLERANCE = d('0.000001');

/**
 * Compares the backtest's fills with what the runner did on the same sessions (trade sessions through `through`):
 * same session, symbol and side, and a filled quantity within rounding; every other fill on either side is a
 * difference with the reason the log shows (a pause, a refusal, a rejected, partial or pending order, …).
 */
export function compareParity(fills: readonly ParityFill[], decisions: readonly LiveDecision[], through: string): ParityResult {
  const key = (session: string, symbol: string) => `${session}|${symbol}`;
  const bySession = new Map(decisions.filter((x) => x.tradeSession <= through).map((x) => [key(x.tradeSession, x.symbol), x]));
  const used = new Set<string>();
  const differences: ParityDifference[] = [];
  let matched = 0;
  for (const f of fills) {
    if (f.date > through) continue;
    const k = key(f.date, f.symbol);
    const live = bySession.get(k);
    const diff = (reason: ParityReason, message: string, liveQty: Decimal | null = null) =>
      differences.push({ trade_session: f.date, symbol: f.symbol, side: f.side, backtest_quantity: f.quantity, live_quantity: liveQty, reason, message });
    if (!live) {
      diff('not_decided', 'No decision was made for this session (the deployment did not run on its close)');
      continue;
    }
    used.add(k);
    if (live.action !== f.side) {
      if (live.status === 'paused') diff('paused', 'The deployment was paused');
      else diff('position_differs', `The portfolio's position differed from the backtest's, so the runner ${live.action === 'none' ? 'had nothing to do' : `chose to ${live.action}`}${live.reason ? ` (${live.reason})` : ''}`);
      continue;
    }
    const filled = live.order?.filled_quantity ?? d(0);
    switch (live.status) {
      case 'paused':
        diff('paused', 'The deployment was paused at the open');
        continue;
      case 'missed':
        diff('missed', live.reason ?? 'The runner was not running at the open');
        continue;
      case 'refused':
        diff('refused', live.reason ?? 'Refused by a limit');
        continue;
      case 'rejected':
        diff('rejected', live.reason ?? 'The order was refused', filled);
        continue;
      case 'hold':
        diff('position_differs', `The portfolio already had the position the backtest traded to${live.reason ? ` (${live.reason})` : ''}`);
        continue;
      case 'pending':
      case 'placing':
        diff('not_filled_yet', 'The order has not been placed yet');
        continue;
      default:
    }
    const status = live.order?.status ?? 'unknown';
    if (status === 'rejected') diff('rejected', live.order?.reject_reason ?? 'The order was rejected', filled);
    else if (filled.minus(f.quantity).abs().lte(TOLERANCE)) matched++;
    else if (status === 'pending' || status === 'partially_filled') diff(filled.gt(0) ? 'partial_fill' : 'not_filled_yet', filled.gt(0) ? `Filled ${filled.toFixed()} so far` : 'Not filled yet', filled);
    else if (filled.isZero()) diff('not_filled', `The order ended ${status} without a fill${live.order?.reject_reason ? `: ${live.order.reject_reason}` : ''}`, filled);
    else if (filled.lt(f.quantity) && status !== 'filled') diff('partial_fill', `The order ended ${status} after a partial fill (liquidity)`, filled);
    else diff('quantity_differs', 'The live order was sized on a different equity or price than the backtest', filled);
  }
  for (const live of bySession.values()) {
    const k = key(live.tradeSession, live.symbol);
    if (used.has(k) || live.action === 'none' || !live.order || live.order.filled_quantity.lte(0)) continue;
    differences.push({
      trade_session: live.tradeSession,
      symbol: live.symbol,
      side: live.action,
      backtest_quantity: null,
      live_quantity: live.order.filled_quantity,
      reason: 'not_in_backtest',
      message: "The runner traded where the backtest did not (the portfolio's position differed from the backtest's)",
    });
  }
  differences.sort((a, b) => (a.trade_session < b.trade_session ? -1 : a.trade_session > b.trade_session ? 1 : a.symbol < b.symbol ? -1 : 1));
  return { matched, differences };
}
