import { d, Decimal, roundTo, SCALE } from '../../../common/decimal';
import { commission, type CommissionSchedule, rawCommission, withSlippage } from '../../../quant/costs';
import type { StrategyTargets } from './strategies';

/*
 * The backtest engine: daily bars in, orders at the next session's open out, equity marked at every close.
 * Cash, quantities, prices, fees and P&L are decimals with the ledger's scales (cash at 4 dp, prices at 6 dp);
 * only signals (strategies.ts) use floats.
 */

export interface BacktestBars {
  dates: readonly string[];
  symbols: readonly string[];
  /** [symbol][t] adjusted opens and closes; where a symbol has no bar, the last close carried forward. */
  open: readonly (readonly Decimal[])[];
  close: readonly (readonly Decimal[])[];
  /** 1 where the symbol really traded that session: orders wait for such a session. */
  traded: readonly Uint8Array[];
}

export interface EngineOptions {
  /** First session of the period (index into dates); sessions before it are warm-up. */
  start: number;
  initialCapital: Decimal;
  commission: CommissionSchedule;
  slippageBps: Decimal;
  fractional: boolean;
  allowShort: boolean;
  /** Called every ~`progressEvery` sessions with the share done (long runs report progress). */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface EngineFill {
  date: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: Decimal;
  /** Open ± slippage, 6 dp. */
  price: Decimal;
  commission: Decimal;
  /** |price − open| × quantity: what slippage cost this fill. */
  slippage: Decimal;
}

export interface EngineTrade {
  symbol: string;
  side: 'long' | 'short';
  entryDate: string;
  /** null while the position is still open at the end (then P&L is marked at the last close). */
  exitDate: string | null;
  quantity: Decimal;
  entryPrice: Decimal;
  exitPrice: Decimal | null;
  /** (exit − entry) × quantity (negated for shorts) − fees; money scale. */
  pnl: Decimal;
  /** Entry commission (pro rata for partial exits) + exit commission. */
  fees: Decimal;
}

export interface EngineResult {
  dates: string[];
  /** Equity at each close, exact (decimals made on first read: the marking itself runs in integer micro-units). */
  readonly equity: Decimal[];
  /** The same as floats, for statistics. */
  equityFloats: Float64Array;
  cash: Decimal[];
  /** Σ |position value| / equity at each close (0 when equity ≤ 0). */
  exposure: Float64Array;
  fills: EngineFill[];
  trades: EngineTrade[];
  feesPaid: Decimal;
  slippagePaid: Decimal;
  tradedNotional: Decimal;
  ordersSizedDown: number;
  ordersSkipped: number;
}

interface Position {
  qty: Decimal; // signed: negative = short
  entry: number; // session index
  entryPrice: Decimal;
  entryFees: Decimal; // of the quantity still open
}

const money = (v: Decimal) => roundTo(v, SCALE.money);

function parsedSchedule(c: CommissionSchedule): CommissionSchedule {
  if (c.kind === 'per_share') return { kind: 'per_share', per_share: d(c.per_share), minimum: d(c.minimum ?? 0) };
  if (c.kind === 'bps') return { kind: 'bps', bps: d(c.bps), minimum: d(c.minimum ?? 0) };
  return c;
}

/** An integer count of micro-units (10⁻⁶) as the exact decimal. */
function fromMicro(m: number): Decimal {
  const digits = String(Math.abs(m)).padStart(7, '0');
  return new Decimal(`${m < 0 ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`);
}
const ZERO = d(0);
const ONE = d(1);
const WHOLE = d(1);
const FRACTION = d('0.000001');

/**
 * Runs the targets over the bars. `closeFloats` (the closes as floats, as the strategies used them) make the daily
 * marking fast: with whole shares and values below 2^53 micro-units (≈ 9 billion) the marks are computed exactly in
 * integer micro-units (price × 10⁶) with binary numbers, otherwise in decimals; the result is the same decimal.
 */
export function runBacktest(bars: BacktestBars, targets: StrategyTargets, opts: EngineOptions, closeFloats?: readonly Float64Array[]): EngineResult {
  const n = bars.dates.length;
  const k = bars.symbols.length;
  const { start } = opts;
  if (!(start >= 0 && start < n)) throw new RangeError(`start ${start} outside the ${n} sessions`);
  const step = opts.fractional ? FRACTION : WHOLE;
  const stepDp = opts.fractional ? 6 : 0;
  const floorQty = (q: Decimal) => (q.lte(0) ? ZERO : q.toDecimalPlaces(stepDp, Decimal.ROUND_DOWN));
  const weight = d(targets.weight);
  const fixedQty = targets.quantity ? d(targets.quantity) : null;
  // The schedule's numbers parsed once (they may arrive as strings), not on every fill.
  const schedule = parsedSchedule(opts.commission);

  let cash = money(opts.initialCapital);
  const positions: (Position | null)[] = new Array<Position | null>(k).fill(null);
  const held = new Set<number>();
  const pending = new Uint8Array(k);
  // Exact integer marking (see above): closes in micro-units, whole-share quantities as numbers.
  const closeMicro = !opts.fractional && closeFloats ? closeFloats.map((col) => col.map((x) => Math.round(x * 1e6))) : null;
  const qtyNum = new Float64Array(k);
  const marks = new Float64Array(n - start); // micro-units; NaN where the decimal path marked
  const decimalMarks = new Map<number, Decimal>();
  let materialized: Decimal[] | null = null;
  const out: EngineResult = {
    dates: [],
    get equity(): Decimal[] {
      materialized ??= Array.from(marks, (m, t) => decimalMarks.get(t) ?? fromMicro(m));
      return materialized;
    },
    equityFloats: new Float64Array(n - start),
    cash: [],
    exposure: new Float64Array(n - start),
    fills: [],
    trades: [],
    feesPaid: ZERO,
    slippagePaid: ZERO,
    tradedNotional: ZERO,
    ordersSizedDown: 0,
    ordersSkipped: 0,
  };

  const fill = (i: number, t: number, side: 'buy' | 'sell', qty: Decimal, price: Decimal, fee: Decimal) => {
    const open = bars.open[i][t];
    const slip = (side === 'buy' ? price.minus(open) : open.minus(price)).mul(qty);
    out.fills.push({ date: bars.dates[t], symbol: bars.symbols[i], side, quantity: qty, price, commission: fee, slippage: slip });
    out.feesPaid = out.feesPaid.plus(fee);
    out.slippagePaid = out.slippagePaid.plus(slip);
    out.tradedNotional = out.tradedNotional.plus(qty.mul(price));
  };

  /** Largest quantity (on the step) whose cost q × price + commission fits in `budget`. */
  const affordable = (budget: Decimal, price: Decimal): Decimal => {
    if (budget.lte(0)) return ZERO;
    let q = floorQty(budget.div(price));
    const s = schedule;
    if (s.kind === 'per_share') q = floorQty(budget.div(price.plus(d(s.per_share))));
    else if (s.kind === 'bps') q = floorQty(budget.div(price.mul(ONE.plus(d(s.bps).div(10000)))));
    if (s.kind !== 'none' && q.gt(0) && rawCommission(s, q, q.mul(price)).eq(d(s.minimum ?? 0))) {
      q = Decimal.min(q, floorQty(budget.minus(d(s.minimum ?? 0)).div(price)));
    }
    const cost = (x: Decimal) => money(x.mul(price)).plus(commission(s, x, price));
    while (q.gt(0) && cost(q).gt(budget)) q = q.minus(step);
    // The estimate ignores rounding (notional and commission each to 4 dp), which can let a step or two more fit.
    while (cost(q.plus(step)).lte(budget)) q = q.plus(step);
    return q;
  };

  const closePosition = (i: number, t: number) => {
    const pos = positions[i]!;
    const long = pos.qty.gt(0);
    const side = long ? 'sell' : 'buy';
    const price = withSlippage(side, bars.open[i][t], opts.slippageBps);
    let qty = pos.qty.abs();
    let fee = commission(schedule, qty, price);
    if (long) {
      if (cash.plus(money(qty.mul(price))).minus(fee).lt(0)) {
        out.ordersSkipped++;
        return;
      }
      cash = cash.plus(money(qty.mul(price))).minus(fee);
    } else {
      const cost = money(qty.mul(price)).plus(fee);
      if (cost.gt(cash)) {
        qty = affordable(cash, price);
        if (qty.lte(0)) {
          out.ordersSkipped++;
          return;
        }
        out.ordersSizedDown++;
        fee = commission(schedule, qty, price);
      }
      cash = cash.minus(money(qty.mul(price))).minus(fee);
    }
    fill(i, t, side, qty, price, fee);
    const share = qty.div(pos.qty.abs());
    const entryFees = money(pos.entryFees.mul(share));
    const gross = (long ? price.minus(pos.entryPrice) : pos.entryPrice.minus(price)).mul(qty);
    out.trades.push({
      symbol: bars.symbols[i],
      side: long ? 'long' : 'short',
      entryDate: bars.dates[pos.entry],
      exitDate: bars.dates[t],
      quantity: qty,
      entryPrice: pos.entryPrice,
      exitPrice: price,
      pnl: money(gross).minus(entryFees).minus(fee),
      fees: entryFees.plus(fee),
    });
    if (qty.eq(pos.qty.abs())) {
      positions[i] = null;
      held.delete(i);
      qtyNum[i] = 0;
    } else {
      pos.qty = pos.qty.gt(0) ? pos.qty.minus(qty) : pos.qty.plus(qty);
      pos.entryFees = pos.entryFees.minus(entryFees);
      qtyNum[i] = pos.qty.toNumber();
    }
  };

  const openPosition = (i: number, t: number, direction: number, equityAtOpen: Decimal) => {
    const notional = equityAtOpen.mul(weight);
    if (direction > 0) {
      const price = withSlippage('buy', bars.open[i][t], opts.slippageBps);
      let qty = floorQty(fixedQty ?? notional.div(price));
      if (money(qty.mul(price)).plus(commission(schedule, qty, price)).gt(cash)) {
        qty = affordable(cash, price);
        if (qty.gt(0)) out.ordersSizedDown++;
      }
      if (qty.lte(0)) {
        out.ordersSkipped++;
        return;
      }
      const fee = commission(schedule, qty, price);
      cash = cash.minus(money(qty.mul(price))).minus(fee);
      fill(i, t, 'buy', qty, price, fee);
      positions[i] = { qty, entry: t, entryPrice: price, entryFees: fee };
      qtyNum[i] = qty.toNumber();
    } else {
      const price = withSlippage('sell', bars.open[i][t], opts.slippageBps);
      const qty = floorQty(fixedQty ?? notional.div(price));
      const fee = commission(schedule, qty, price);
      if (qty.lte(0) || cash.plus(money(qty.mul(price))).minus(fee).lt(0)) {
        out.ordersSkipped++;
        return;
      }
      cash = cash.plus(money(qty.mul(price))).minus(fee);
      fill(i, t, 'sell', qty, price, fee);
      positions[i] = { qty: qty.neg(), entry: t, entryPrice: price, entryFees: fee };
      qtyNum[i] = -qty.toNumber();
    }
    held.add(i);
  };

  const every = opts.progressEvery ?? 250;
  let cashSeen: Decimal | null = null;
  let cashMicro = NaN;
  for (let t = start; t < n; t++) {
    // Orders at the open: targets that changed (or, at the start, any non-flat target), once the symbol trades.
    let any = false;
    for (let i = 0; i < k; i++) {
      const tg = targets.target[i][t];
      if (t === start ? tg !== 0 : tg !== targets.target[i][t - 1]) pending[i] = 1;
      if (pending[i] && bars.traded[i][t]) any = true;
    }
    if (any) {
      // Exits first (they raise the cash entries need), then entries sized on the equity at this open.
      const entries: number[] = [];
      for (let i = 0; i < k; i++) {
        if (!pending[i] || !bars.traded[i][t]) continue;
        pending[i] = 0;
        const tg = targets.target[i][t];
        const pos = positions[i];
        const dir = pos === null ? 0 : pos.qty.gt(0) ? 1 : -1;
        if (dir === tg) continue;
        if (pos !== null) closePosition(i, t);
        if (tg !== 0 && positions[i] === null && (tg > 0 || opts.allowShort)) entries.push(i);
      }
      if (entries.length) {
        let equityAtOpen: Decimal | null = null;
        if (closeMicro !== null && Math.abs(cash.toNumber()) < 1e9) {
          let sum = Math.round(cash.toNumber() * 1e6);
          let gross = Math.abs(sum);
          for (const i of held) {
            const v = qtyNum[i] * Math.round(bars.open[i][t].toNumber() * 1e6);
            sum += v;
            gross += Math.abs(v);
          }
          if (gross <= Number.MAX_SAFE_INTEGER) equityAtOpen = fromMicro(sum);
        }
        if (equityAtOpen === null) {
          equityAtOpen = cash;
          for (const i of held) equityAtOpen = equityAtOpen.plus(positions[i]!.qty.mul(bars.open[i][t]));
        }
        for (const i of entries) openPosition(i, t, targets.target[i][t], equityAtOpen);
      }
    }
    // Mark at the close.
    const at = t - start;
    let e = NaN;
    let gross = 0;
    if (closeMicro !== null) {
      if (cash !== cashSeen) {
        cashSeen = cash;
        cashMicro = Math.abs(cash.toNumber()) < 1e9 ? Math.round(cash.toNumber() * 1e6) : NaN;
      }
      let sum = cashMicro;
      for (const i of held) {
        const v = qtyNum[i] * closeMicro[i][t];
        sum += v;
        gross += Math.abs(v);
      }
      if (gross + Math.abs(cashMicro) <= Number.MAX_SAFE_INTEGER) {
        marks[at] = sum;
        e = sum / 1e6;
        gross /= 1e6;
      }
    }
    if (Number.isNaN(e)) {
      let equity = cash;
      gross = 0;
      for (const i of held) {
        const value = positions[i]!.qty.mul(bars.close[i][t]);
        equity = equity.plus(value);
        gross += Math.abs(value.toNumber());
      }
      marks[at] = NaN;
      decimalMarks.set(at, equity);
      e = equity.toNumber();
    }
    out.dates.push(bars.dates[t]);
    out.cash.push(cash);
    out.equityFloats[at] = e;
    out.exposure[at] = e > 0 ? gross / e : 0;
    if (opts.onProgress && (t - start) % every === every - 1) opts.onProgress((t - start + 1) / (n - start));
  }

  // Positions still open: one trade each, marked at the last close (no exit fill, no exit fees).
  const last = n - 1;
  for (const i of held) {
    const pos = positions[i]!;
    const mark = bars.close[i][last];
    const long = pos.qty.gt(0);
    const qty = pos.qty.abs();
    const gross = (long ? mark.minus(pos.entryPrice) : pos.entryPrice.minus(mark)).mul(qty);
    out.trades.push({
      symbol: bars.symbols[i],
      side: long ? 'long' : 'short',
      entryDate: bars.dates[pos.entry],
      exitDate: null,
      quantity: qty,
      entryPrice: pos.entryPrice,
      exitPrice: null,
      pnl: money(gross).minus(pos.entryFees),
      fees: pos.entryFees,
    });
  }
  return out;
}
