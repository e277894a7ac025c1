import { d, type Decimal } from '../../../common/decimal';
import type { CommissionSchedule } from '../../../quant/costs';
import { type BacktestBars, backtestStrategy, resolveParameters, STRATEGIES, type StrategyName } from './backtest';
import fixture from './__fixtures__/crosscheck.json';

/*
 * Cross-check against an independent Python replay (scripts/backtest/crosscheck.py, numpy signals and Python
 * `decimal` money): the same bars through our engine must give the same fills, round trips, curves and final
 * equity and cash, to the last decimal. Regenerate the fixture with `python3 scripts/backtest/crosscheck.py`.
 */

interface FixtureFill {
  date: string;
  side: string;
  quantity: string;
  price: string;
  commission: string;
  slippage: string;
}

interface FixtureTrade {
  side: string;
  entry_date: string;
  exit_date: string | null;
  quantity: string;
  entry_price: string;
  exit_price: string | null;
  pnl: string;
  fees: string;
}

interface FixtureCase {
  id: string;
  name: string;
  strategy: string;
  parameters: Record<string, number>;
  commission: CommissionSchedule;
  slippage_bps: string;
  initial_capital: string;
  fractional: boolean;
  allow_short: boolean;
  start: number;
  expected: {
    fills: FixtureFill[];
    trades: FixtureTrade[];
    final_equity: string;
    final_cash: string;
    equity: string[];
    cash: string[];
    orders_sized_down: number;
    orders_skipped: number;
  };
}

const cases = fixture.cases as unknown as FixtureCase[];

const bars: BacktestBars = {
  dates: fixture.bars.dates,
  symbols: [fixture.symbol],
  open: [fixture.bars.open.map((v) => d(v))],
  close: [fixture.bars.close.map((v) => d(v))],
  traded: [new Uint8Array(fixture.bars.dates.length).fill(1)],
};

/** Decimal strings compared by value: '5.9700' and '5.97' are the same amount. */
const norm = (v: string | Decimal | null): string | null => (v === null ? null : d(v).toFixed());

function run(c: FixtureCase) {
  const resolved = resolveParameters(STRATEGIES[c.strategy as StrategyName], c.parameters, 1);
  if (!resolved.ok) throw new Error(resolved.problem.message);
  expect(resolved.parameters).toEqual(c.parameters);
  return backtestStrategy(bars, c.strategy as StrategyName, resolved.parameters, {
    start: c.start,
    initialCapital: d(c.initial_capital),
    commission: c.commission,
    slippageBps: d(c.slippage_bps),
    fractional: c.fractional,
    allowShort: c.allow_short,
  });
}

describe('backtest engine: cross-check with the independent Python replay', () => {
  it('the fixture is meaningful: ~600 sessions and at least 4 round trips per case', () => {
    expect(bars.dates.length).toBeGreaterThanOrEqual(500);
    expect(bars.dates[0]).toBe('2020-01-02');
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const c of cases) expect(c.expected.trades.length).toBeGreaterThanOrEqual(4);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let r: ReturnType<typeof run>;
    beforeAll(() => {
      r = run(c);
    });

    it('the same start as the strategy’s warm-up', () => {
      expect(c.start).toBe(STRATEGIES[c.strategy as StrategyName].warmup(c.parameters, 1));
    });

    it('every fill: date, side, quantity, price, commission, slippage', () => {
      const actual = r.fills.map((f) => ({
        date: f.date,
        side: f.side,
        quantity: norm(f.quantity),
        price: norm(f.price),
        commission: norm(f.commission),
        slippage: norm(f.slippage),
      }));
      const expected = c.expected.fills.map((f) => ({
        date: f.date,
        side: f.side,
        quantity: norm(f.quantity),
        price: norm(f.price),
        commission: norm(f.commission),
        slippage: norm(f.slippage),
      }));
      expect(actual).toEqual(expected);
    });

    it('every trade: dates, side, quantity, prices, pnl, fees', () => {
      const actual = r.trades.map((t) => ({
        side: t.side,
        entryDate: t.entryDate,
        exitDate: t.exitDate,
        quantity: norm(t.quantity),
        entryPrice: norm(t.entryPrice),
        exitPrice: norm(t.exitPrice),
        pnl: norm(t.pnl),
        fees: norm(t.fees),
      }));
      const expected = c.expected.trades.map((t) => ({
        side: t.side,
        entryDate: t.entry_date,
        exitDate: t.exit_date,
        quantity: norm(t.quantity),
        entryPrice: norm(t.entry_price),
        exitPrice: norm(t.exit_price),
        pnl: norm(t.pnl),
        fees: norm(t.fees),
      }));
      expect(actual).toEqual(expected);
    });

    it('final equity and cash, the whole equity and cash curves, sized-down and skipped counts', () => {
      expect(r.equity.at(-1)!.eq(d(c.expected.final_equity))).toBe(true);
      expect(r.cash.at(-1)!.eq(d(c.expected.final_cash))).toBe(true);
      expect(r.equity.map(norm)).toEqual(c.expected.equity.map(norm));
      expect(r.cash.map(norm)).toEqual(c.expected.cash.map(norm));
      expect(r.dates).toEqual(bars.dates.slice(c.start));
      expect({ sizedDown: r.ordersSizedDown, skipped: r.ordersSkipped }).toEqual({
        sizedDown: c.expected.orders_sized_down,
        skipped: c.expected.orders_skipped,
      });
    });
  });
});
