import { d, type Decimal } from '../common/decimal';
import type { FieldError } from '../common/errors/app-error';
import type { PortfolioHoldings } from '../portfolios/portfolio-holdings.contract';
import { InsufficientHistoryError } from './errors';
import type { PriceHistoryLoader } from './price-history';

/* Input checks and holdings shaping the risk endpoints share. */

export interface Holding {
  symbol: string;
  quantity: Decimal;
}

/** Sectors of held symbols; a holding the market no longer knows has no prices to measure: 422 with its name. */
export async function sectorsOf(prices: PriceHistoryLoader, symbols: readonly string[]): Promise<Map<string, string>> {
  const infos = await Promise.all(symbols.map((s) => prices.findInstrument(s)));
  const unknown = symbols.filter((_, k) => !infos[k]);
  if (unknown.length) {
    throw new InsufficientHistoryError(`No market data for held symbol(s) ${unknown.join(', ')}`, { symbols: unknown });
  }
  return new Map(symbols.map((s, k) => [s, infos[k]?.sector || 'Unknown']));
}

/** Positions with a non-zero quantity, one per symbol (quantities of a repeated symbol added). */
export function mergeHoldings(h: PortfolioHoldings): Holding[] {
  const bySymbol = new Map<string, Decimal>();
  for (const p of h.positions) bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? d(0)).plus(p.quantity));
  return [...bySymbol].filter(([, q]) => !q.isZero()).map(([symbol, quantity]) => ({ symbol, quantity }));
}

export function duplicateSymbols(symbols: readonly string[], field: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  symbols.forEach((s, i) => {
    if (seen.has(s)) out.push({ field: `${field}.${i}.symbol`, code: 'INVALID_VALUE', message: `${s} appears more than once` });
    seen.add(s);
  });
  return out;
}

