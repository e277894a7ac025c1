/** Pure list rules for watchlists: upper-case, first occurrence wins, order kept. */
export function uniqueSymbols(symbols: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of symbols) {
    const u = s.trim().toUpperCase();
    if (!seen.has(u)) {
      seen.add(u);
      out.push(u);
    }
  }
  return out;
}

/** The list with `symbol` appended, or the same list when it is already there (adding is idempotent). */
export function withSymbol(list: readonly string[], symbol: string): string[] {
  return list.includes(symbol) ? [...list] : [...list, symbol];
}

export function withoutSymbol(list: readonly string[], symbol: string): string[] {
  return list.filter((s) => s !== symbol);
}
