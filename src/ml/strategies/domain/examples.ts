import type { StrategyName } from '../../backtest/domain/strategies';
import type { StrategyDocument } from './document';

/**
 * The built-in strategies as documents, with the built-ins' default parameters (GET /api/strategies/examples).
 * examples.spec.ts proves each gives the built-in's fills and equity on the same bars.
 */
export interface StrategyExample {
  key: string;
  /** The built-in strategy (and its parameters) this document reproduces. */
  builtin: StrategyName;
  parameters: Record<string, number>;
  document: StrategyDocument;
}

const universe = ['AAPL', 'MSFT', 'NVDA'];

export const STRATEGY_EXAMPLES: StrategyExample[] = [
  {
    key: 'sma_crossover',
    builtin: 'sma_crossover',
    parameters: { fast: 20, slow: 50 },
    document: {
      name: 'SMA crossover 20/50',
      description: 'Long from the next open while SMA(20) > SMA(50) of closes, flat otherwise; 1/N of equity per symbol.',
      universe,
      indicators: [
        { name: 'sma_20', type: 'sma', period: 20 },
        { name: 'sma_50', type: 'sma', period: 50 },
      ],
      entry: 'sma_20 > sma_50',
      exit: 'sma_20 <= sma_50',
      sizing: { type: 'fraction_of_equity' },
      rebalance: 'daily',
      order: { type: 'market' },
    },
  },
  {
    key: 'mean_reversion',
    builtin: 'mean_reversion',
    parameters: { period: 14, lower: 30, upper: 70 },
    document: {
      name: 'RSI mean reversion 14 (30/70)',
      description: 'Buy at the next open after RSI(14) closes below 30, sell after it closes above 70.',
      universe,
      indicators: [{ name: 'rsi_14', type: 'rsi', period: 14 }],
      entry: 'rsi_14 < 30',
      exit: 'rsi_14 > 70',
      sizing: { type: 'fraction_of_equity' },
      rebalance: 'daily',
      order: { type: 'market' },
    },
  },
  {
    key: 'bollinger',
    builtin: 'bollinger',
    parameters: { period: 20, k: 2 },
    document: {
      name: 'Bollinger 20, 2σ',
      description: 'Buy at the next open after a close below the lower band, exit after a close at or above the middle band.',
      universe,
      indicators: [{ name: 'bb', type: 'bollinger', period: 20, k: 2 }],
      entry: 'close < bb.lower',
      exit: 'close >= bb.middle',
      sizing: { type: 'fraction_of_equity' },
      rebalance: 'daily',
      order: { type: 'market' },
    },
  },
  {
    key: 'momentum',
    builtin: 'momentum',
    parameters: { lookback: 126 },
    document: {
      name: 'Trailing momentum 126',
      description: 'One symbol: long while the trailing 126-session return is positive.',
      universe: ['AAPL'],
      indicators: [{ name: 'ret_126', type: 'return', period: 126 }],
      entry: 'ret_126 > 0',
      exit: 'ret_126 <= 0',
      sizing: { type: 'fraction_of_equity', fraction: 1 },
      rebalance: 'daily',
      order: { type: 'market' },
    },
  },
  {
    key: 'momentum_top_n',
    builtin: 'momentum',
    parameters: { top_n: 1, formation: 252, skip: 21 },
    document: {
      name: '12-1 momentum, top 1 of 3',
      description: 'At each month start, hold the symbol with the best close[t − 21] / close[t − 252] − 1, 1/top_n of equity.',
      universe,
      // 12-1 momentum: the return over 231 sessions ending 21 sessions ago.
      indicators: [{ name: 'mom_12_1', type: 'momentum', period: 231, offset: 21 }],
      entry: 'true',
      exit: 'false',
      sizing: { type: 'equal_weight_top_n', n: 1, score: 'mom_12_1' },
      rebalance: 'monthly',
      order: { type: 'market' },
    },
  },
  {
    key: 'buy_and_hold',
    builtin: 'buy_and_hold',
    parameters: {},
    document: {
      name: 'Buy and hold',
      description: 'Buys at the first session’s open (1/N of the capital per symbol) and holds to the end.',
      universe,
      indicators: [],
      entry: 'true',
      exit: 'false',
      sizing: { type: 'fraction_of_equity' },
      rebalance: 'daily',
      order: { type: 'market' },
    },
  },
];
