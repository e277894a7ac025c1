import { d, Decimal } from '../../../common/decimal';
import { cagr, calmarRatio, finiteOrNull, mean, performanceFigures, profitFactor, winRate } from '../../../quant';
import type { EngineResult, EngineTrade } from './engine';

/*
 * The report's figures. Sharpe, Sortino, volatility, max drawdown, beta and alpha are the risk endpoint's
 * (`performanceFigures` of src/quant on the value series); the rest are defined here from the same series.
 */

export interface BacktestSummary {
  totalReturn: number;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number | null;
  calmar: number | null;
  winRate: number | null;
  profitFactor: number | null;
  tradesCount: number;
  closedTrades: number;
  exposure: number;
  turnover: number;
  feesPaid: Decimal;
  slippagePaid: Decimal;
  finalEquity: Decimal;
  benchmarkReturn: number | null;
  alpha: number | null;
  beta: number | null;
  ordersCount: number;
  ordersSizedDown: number;
  ordersSkipped: number;
}

export interface CurvePoint {
  date: string;
  equity: Decimal;
  cash: Decimal;
  /** Equity / running peak − 1, a fraction ≤ 0. */
  drawdown: number;
  benchmarkEquity: Decimal | null;
}

/**
 * `benchmarkCloses` are the benchmark's (adjusted) closes on the run's sessions and `benchmarkStart` its open on
 * the first one: the benchmark is bought at that open with the initial capital and no costs.
 */
export function buildReport(
  result: EngineResult,
  initialCapital: Decimal,
  benchmark: { open: Decimal; closes: readonly Decimal[] } | null,
  riskFreeRate = 0,
): { summary: BacktestSummary; curve: CurvePoint[]; trades: EngineTrade[] } {
  const n = result.equityFloats.length;
  const values = [initialCapital.toNumber(), ...result.equityFloats];
  const benchValues = benchmark ? [benchmark.open.toNumber(), ...benchmark.closes.map((c) => c.toNumber())] : null;
  const benchReturns = benchValues ? benchValues.slice(1).map((v, t) => v / benchValues[t] - 1) : [];
  const figures = performanceFigures(values, benchReturns, riskFreeRate);
  const equity = result.equity;
  const final = equity[n - 1];
  const totalReturn = final.div(initialCapital).minus(1).toNumber();
  const growth = finiteOrNull(() => cagr(totalReturn, n));
  const closed = result.trades.filter((t) => t.exitDate !== null).map((t) => t.pnl.toNumber());

  let peak = values[0];
  const curve: CurvePoint[] = equity.map((value, t) => {
    const v = values[t + 1];
    if (v > peak) peak = v;
    return {
      date: result.dates[t],
      equity: value,
      cash: result.cash[t],
      drawdown: peak > 0 ? Math.min(0, v / peak - 1) : 0,
      benchmarkEquity: benchmark ? initialCapital.mul(benchmark.closes[t]).div(benchmark.open) : null,
    };
  });
  const meanEquity = mean(values.slice(1));
  const trades = [...result.trades].sort((a, b) => a.entryDate.localeCompare(b.entryDate) || a.symbol.localeCompare(b.symbol));

  return {
    summary: {
      totalReturn,
      cagr: growth,
      volatility: figures.volatility,
      sharpe: figures.sharpe,
      sortino: figures.sortino,
      maxDrawdown: figures.maxDrawdown,
      calmar: growth === null || figures.maxDrawdown === null ? null : finiteOrNull(() => calmarRatio(growth, figures.maxDrawdown!)),
      winRate: finiteOrNull(() => winRate(closed)),
      profitFactor: finiteOrNull(() => profitFactor(closed)),
      tradesCount: result.trades.length,
      closedTrades: closed.length,
      exposure: mean(Array.from(result.exposure)),
      turnover: meanEquity > 0 ? result.tradedNotional.toNumber() / meanEquity : 0,
      feesPaid: result.feesPaid,
      slippagePaid: result.slippagePaid,
      finalEquity: final,
      benchmarkReturn: benchmark ? d(benchmark.closes[n - 1]).div(benchmark.open).minus(1).toNumber() : null,
      alpha: benchmark ? figures.alpha : null,
      beta: benchmark ? figures.beta : null,
      ordersCount: result.fills.length,
      ordersSizedDown: result.ordersSizedDown,
      ordersSkipped: result.ordersSkipped,
    },
    curve,
    trades,
  };
}
