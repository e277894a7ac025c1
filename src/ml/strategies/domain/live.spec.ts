import { d, type Decimal } from '../../../common/decimal';
import { Rng } from '../../../quant';
import { commission } from '../../../quant/costs';
import { runBacktest } from '../../backtest/domain/backtest';
import { compileDocument, type StrategyDocument } from './document';
import { STRATEGY_EXAMPLES } from './examples';
import { compareParity, decisionInput, documentSizing, entryQuantity, sizeEntries, type LiveBar, type LiveDecision, sessionWindow, WindowHistoryError } from './live';

/** Seeded weekday bars per symbol (OHLCV); `skip` leaves one symbol without a bar on some days (a halt). */
function histories(symbols: number, n: number, seed: number, skip = false): { dates: string[]; bars: LiveBar[][] } {
  const rng = new Rng('live-window', seed);
  const dates: string[] = [];
  for (let t = Date.UTC(2021, 0, 4); dates.length < n; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(t).toISOString().slice(0, 10));
  }
  const bars = Array.from({ length: symbols }, (_, i) => {
    let c = 40 + 80 * rng.uniform();
    const out: LiveBar[] = [];
    dates.forEach((date, t) => {
      const open = c * Math.exp(0.004 * rng.normal());
      c = open * Math.exp(0.02 * rng.normal());
      if (skip && i === 1 && t % 17 === 9) return;
      const hi = Math.max(open, c) * (1 + 0.01 * rng.uniform());
      const lo = Math.min(open, c) * (1 - 0.01 * rng.uniform());
      out.push({ date, open: d(open.toFixed(4)), high: d(hi.toFixed(4)), low: d(lo.toFixed(4)), close: d(c.toFixed(4)), volume: d(1_000_000 + t), adjClose: null });
    });
    return out;
  });
  return { dates, bars };
}

const STOPPED: StrategyDocument = {
  name: 'rsi with stops, weekly',
  universe: ['S0', 'S1', 'S2'],
  indicators: [
    { name: 'rsi_5', type: 'rsi', period: 5 },
    { name: 'atr_5', type: 'atr', period: 5 },
    { name: 'hi_10', type: 'highest', period: 10, source: 'high' },
  ],
  entry: 'rsi_5 < 45 and close > hi_10 - 3 * atr_5',
  exit: 'rsi_5 > 60 or bars_held > 8',
  sizing: { type: 'fraction_of_equity', fraction: 0.3 },
  stop_loss_percent: 3,
  take_profit_percent: 6,
  rebalance: 'weekly',
};

const DOCUMENTS: StrategyDocument[] = [...STRATEGY_EXAMPLES.map((e) => ({ ...e.document, universe: ['S0', 'S1', 'S2'] })), STOPPED];

describe('live decisions are the backtest’s, session by session', () => {
  it.each(DOCUMENTS.map((doc) => [doc.name, doc] as const))('%s: each day’s decision on the window so far equals the full run’s target', (_, doc) => {
    const compiled = compileDocument(doc);
    // S1 misses a bar every 17 sessions: leave room for its warm-up.
    const lead = Math.ceil(compiled.warmup * 1.1) + 5;
    const { dates, bars } = histories(3, lead + 90, 11, true);
    const firstSession = dates[lead];
    const last = dates[dates.length - 1];
    const full = sessionWindow(doc.universe, bars, firstSession, compiled.warmup, last);
    const closes = full.bars.close.map((col) => Float64Array.from(col, (v) => v.toNumber()));
    const fullTargets = compiled.targets({
      dates: full.bars.dates,
      open: full.bars.open.map((col) => Float64Array.from(col, (v) => v.toNumber())),
      close: closes,
      high: full.extra.high,
      low: full.extra.low,
      volume: full.extra.volume,
      start: full.start,
    });
    let compared = 0;
    let changes = 0;
    for (let t = full.start; t < full.bars.dates.length; t++) {
      const w = sessionWindow(doc.universe, bars, firstSession, compiled.warmup, full.bars.dates[t - 1]);
      expect(w.bars.dates).toEqual(full.bars.dates.slice(0, t));
      const live = compiled.targets(decisionInput(w, full.bars.dates[t]));
      for (let i = 0; i < doc.universe.length; i++) {
        expect([t, i, live.target[i][t]]).toEqual([t, i, fullTargets.target[i][t]]);
        compared++;
        if (fullTargets.target[i][t] !== fullTargets.target[i][t - 1]) changes++;
      }
      expect(live.last).toHaveLength(3);
    }
    expect(compared).toBeGreaterThan(200);
    expect(changes).toBeGreaterThan(0);
  });

  it('logs the decision session’s inputs and the rules it evaluated', () => {
    const doc = DOCUMENTS[0];
    const compiled = compileDocument(doc);
    const { dates, bars } = histories(3, compiled.warmup + 3, 5);
    const w = sessionWindow(doc.universe, bars, dates[compiled.warmup], compiled.warmup, dates[compiled.warmup + 1]);
    const out = compiled.targets(decisionInput(w, dates[compiled.warmup + 2]));
    const { inputs, rules } = out.last[0];
    expect(inputs.close).toBeCloseTo(bars[0][compiled.warmup + 1].close.toNumber(), 9);
    for (const ind of doc.indicators) expect(typeof inputs[ind.name]).toBe('number');
    expect([rules.entry, rules.exit].filter((r) => r !== null)).toHaveLength(1);
  });

  it('refuses a window without the warm-up before the first session', () => {
    const { dates, bars } = histories(2, 30, 3);
    expect(() => sessionWindow(['S0', 'S1'], bars, dates[10], 20, dates[29])).toThrow(WindowHistoryError);
  });

  it('the sizing is the compiled document’s', () => {
    for (const doc of DOCUMENTS) {
      const compiled = compileDocument(doc);
      const { dates, bars } = histories(3, compiled.warmup + 2, 9);
      const w = sessionWindow(doc.universe, bars, dates[compiled.warmup], compiled.warmup, dates[compiled.warmup]);
      const out = compiled.targets(decisionInput(w, dates[compiled.warmup + 1]));
      expect(documentSizing(doc)).toEqual({ weight: out.weight, quantity: out.quantity });
    }
  });
});

describe('entryQuantity sizes an entry like the backtest engine', () => {
  const schedule = { kind: 'per_share', per_share: '0.005', minimum: '1' } as const;
  it.each([
    [0.5, '100000', '37.123'],
    [1, '100000', '37.123'],
    [1, '2500.5', '812.4'],
    [0.25, '1000000', '3.3333'],
  ])('weight %s of %s at %s', (weight, capital, open) => {
    const bars = { dates: ['2024-01-02', '2024-01-03'], symbols: ['X'], open: [[d(open), d(open)]], close: [[d(open), d(open)]], traded: [new Uint8Array([1, 1])] };
    const engine = runBacktest(bars, { target: [Int8Array.from([1, 1])], weight, quantity: null }, {
      start: 0,
      initialCapital: d(capital),
      commission: schedule,
      slippageBps: d(5),
      fractional: false,
      allowShort: false,
    });
    const live = entryQuantity({ weight, quantity: null }, d(capital), d(capital), d(open), schedule, d(5));
    expect(live.quantity.toFixed()).toBe(engine.fills[0].quantity.toFixed());
    expect(live.price.toFixed()).toBe(engine.fills[0].price.toFixed());
    expect(live.sizedDown).toBe(engine.ordersSizedDown === 1);
  });
});

describe('sizeEntries sizes the entries of one open like the backtest engine', () => {
  const schedule = { kind: 'per_share', per_share: '0.005', minimum: '1' } as const;
  it.each([
    // Six entries of 12%: sized one by one on a fresh equity, the last (285.5) would be 41 shares, not 42.
    [0.12, '100000', ['95.5', '143', '190.5', '76.5', '114.5', '285.5']],
    // The cash runs out: the later entries are cut to what is left, then skipped.
    [0.4, '10000', ['37.123', '12.5', '99.99', '3.3']],
  ])('weight %s of %s at %j', (weight, capital, opens) => {
    const k = opens.length;
    const bars = {
      dates: ['2024-01-02', '2024-01-03'],
      symbols: opens.map((_, i) => `S${i}`),
      open: opens.map((o) => [d(o), d(o)]),
      close: opens.map((o) => [d(o), d(o)]),
      traded: opens.map(() => new Uint8Array([1, 1])),
    };
    const engine = runBacktest(bars, { target: opens.map(() => Int8Array.from([1, 1])), weight, quantity: null }, {
      start: 0,
      initialCapital: d(capital),
      commission: schedule,
      slippageBps: d(5),
      fractional: false,
      allowShort: false,
    });
    const live = sizeEntries({ weight, quantity: null }, d(capital), d(capital), opens.map(d), schedule, d(5));
    expect(live).toHaveLength(k);
    const filled = live.map((x, i) => [`S${i}`, x.quantity.toFixed()]).filter(([, q]) => q !== '0');
    expect(filled).toEqual(engine.fills.map((f) => [f.symbol, f.quantity.toFixed()]));
    // What the runner did before: each entry on the equity re-read after the previous fills (their costs paid).
    let cash = d(capital);
    const held: [Decimal, Decimal][] = [];
    const oneByOne = opens.map((o) => {
      const equity = held.reduce((e, [q, open]) => e.plus(q.mul(open)), cash);
      const x = entryQuantity({ weight, quantity: null }, equity, cash, d(o), schedule, d(5));
      if (x.quantity.gt(0)) {
        cash = cash.minus(x.quantity.mul(x.price)).minus(commission(schedule, x.quantity, x.price));
        held.push([x.quantity, d(o)]);
      }
      return x.quantity.toFixed();
    });
    if (weight === 0.12) expect([oneByOne[5], live[5].quantity.toFixed()]).toEqual(['41', '42']);
  });
});

describe('compareParity', () => {
  const fill = (date: string, side: 'buy' | 'sell', q: number) => ({ date, symbol: 'X', side, quantity: d(q) });
  const dec = (tradeSession: string, action: LiveDecision['action'], status: LiveDecision['status'], order: [string, number] | null = null, reason: string | null = null): LiveDecision => ({
    sessionDate: '2024-01-01',
    tradeSession,
    symbol: 'X',
    action,
    status,
    reason,
    order: order ? { status: order[0], filled_quantity: d(order[1]), reject_reason: null } : null,
  });

  it('matches same session, side and quantity; lists every other fill with its reason', () => {
    const fills = [fill('2024-01-02', 'buy', 10), fill('2024-01-03', 'sell', 10), fill('2024-01-04', 'buy', 10), fill('2024-01-05', 'sell', 10), fill('2024-01-08', 'buy', 7), fill('2024-01-09', 'sell', 7), fill('2024-01-10', 'buy', 5)];
    const live = [
      dec('2024-01-02', 'buy', 'placed', ['filled', 10]),
      dec('2024-01-03', 'sell', 'placed', ['filled', 10]),
      dec('2024-01-04', 'buy', 'paused'),
      dec('2024-01-05', 'none', 'hold'),
      dec('2024-01-08', 'buy', 'placed', ['partially_filled', 3]),
      dec('2024-01-09', 'sell', 'refused', null, 'STRATEGY_MAX_ORDERS_PER_DAY'),
      dec('2024-01-11', 'buy', 'placed', ['filled', 4]),
    ];
    const { matched, differences } = compareParity(fills, live, '2024-01-12');
    expect(matched).toBe(2);
    expect(differences.map((x) => [x.trade_session, x.side, x.reason])).toEqual([
      ['2024-01-04', 'buy', 'paused'],
      ['2024-01-05', 'sell', 'position_differs'],
      ['2024-01-08', 'buy', 'partial_fill'],
      ['2024-01-09', 'sell', 'refused'],
      ['2024-01-10', 'buy', 'not_decided'],
      ['2024-01-11', 'buy', 'not_in_backtest'],
    ]);
    expect(differences.find((x) => x.reason === 'partial_fill')).toMatchObject({ backtest_quantity: d(7), live_quantity: d(3) });
  });

  it('rejected, expired without a fill, and a different size', () => {
    const fills = [fill('2024-01-02', 'buy', 10), fill('2024-01-03', 'sell', 10), fill('2024-01-04', 'buy', 10)];
    const live = [dec('2024-01-02', 'buy', 'rejected', null, 'InsufficientFunds'), dec('2024-01-03', 'sell', 'placed', ['expired', 0]), dec('2024-01-04', 'buy', 'placed', ['filled', 11])];
    expect(compareParity(fills, live, '2024-01-04').differences.map((x) => x.reason)).toEqual(['rejected', 'not_filled', 'quantity_differs']);
  });

  it('ignores sessions after the replayed period', () => {
    expect(compareParity([fill('2024-01-05', 'buy', 1)], [dec('2024-01-05', 'buy', 'pending')], '2024-01-04')).toEqual({ matched: 0, differences: [] });
  });
});
