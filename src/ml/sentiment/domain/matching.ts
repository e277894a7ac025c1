/**
 * Symbol matching, pure. A text mentions an instrument by
 * - a cashtag: `$AAPL` (any listed symbol, any case);
 * - a bare ticker: the symbol written in capitals as a word (`NVDA shares rise`) — only symbols of 2+ characters
 *   that are not also English words or common abbreviations (`A`, `ON`, `IT`, `SO`, `LOW`, `CEO`, …), and not in a
 *   text written mostly in capitals (a shouted headline makes every word look like a ticker);
 * - a company name from the instrument universe, as written (case-sensitive): the full name ("Apple Inc."), or
 *   the name without its legal suffix ("Apple", "Home Depot", "Goldman Sachs"), plus a few usual short forms.
 *   Names that are also everyday words ("Apple", "Target", "Visa", "Oracle", "Amazon", "Meta", …) count only with
 *   market context next to them (shares, stock, earnings, CEO, a possessive "Apple's", …) and never before a word
 *   that gives them their everyday sense ("apple pie", "Target practice", "Amazon rainforest").
 */

export interface MatchInstrument {
  symbol: string;
  name: string;
  asset_class?: string;
}

/** Tickers that are also words or abbreviations: never matched bare (a cashtag still matches them). */
export const AMBIGUOUS_TICKERS = new Set([
  'A', 'I', 'AN', 'AS', 'AT', 'BE', 'BY', 'DO', 'GO', 'HE', 'IF', 'IN', 'IS', 'IT', 'ME', 'MY', 'NO', 'OF', 'OK', 'ON', 'OR',
  'SO', 'TO', 'UP', 'US', 'WE', 'ALL', 'ARE', 'CAN', 'FOR', 'HAS', 'LOW', 'NOW', 'NEW', 'ONE', 'OUT', 'SEE', 'TWO', 'WELL',
  'COST', 'CAT', 'DOW', 'KEY', 'BIG', 'FUN', 'HOT', 'RUN', 'PLAY', 'LIFE', 'REAL', 'TRUE', 'AI', 'CEO', 'CFO', 'COO', 'CTO',
  'IPO', 'ETF', 'EPS', 'GDP', 'SEC', 'FDA', 'CPI', 'FED', 'USA', 'NYSE', 'EU', 'UK', 'PM', 'AM', 'TV', 'PC', 'EV', 'EVS',
  'DE', 'MA', 'MS', 'IP', 'PG', 'EA', 'GE', 'D', 'O', 'V', 'C', 'T', 'DD', 'HD', 'CL', 'MO', 'BA', 'GM', 'GS',
]);

/** Company names that are everyday words: matched only with market context. */
export const COMMON_WORD_NAMES = new Set(['Apple', 'Target', 'Visa', 'Oracle', 'Amazon', 'Meta', 'Progressive', 'Southern', 'Dominion', 'Caterpillar', 'Booking', 'Alphabet', 'Chevron', 'Nike', 'Tesla', 'Linde', 'Dow', 'Deere', 'Prologis', 'Public Storage', 'Realty Income', 'Well', 'Welltower']);

/** Words next to a name that make it the company. */
const CONTEXT = new Set([
  'shares', 'share', 'stock', 'stocks', 'inc', 'inc.', 'corp', 'corp.', 'earnings', 'revenue', 'revenues', 'sales', 'profit',
  'profits', 'quarter', 'quarterly', 'results', 'guidance', 'outlook', 'forecast', 'ceo', 'cfo', 'chief', 'executive',
  'analysts', 'analyst', 'investors', 'shareholders', 'buyback', 'dividend', 'beats', 'beat', 'misses', 'missed', 'tops',
  'reports', 'reported', 'posts', 'announces', 'announced', 'said', 'says', 'unveils', 'launches', 'plans', 'cuts', 'raises',
  'upgrade', 'upgraded', 'downgrade', 'downgraded', 'rallies', 'surges', 'jumps', 'falls', 'slides', 'plunges', 'tumbles',
  'soars', 'sinks', 'rises', 'drops', 'valuation', 'market', 'layoffs', 'recall', 'recalls', 'sues', 'sued', 'acquires',
  'acquisition', 'deal', 'merger', 'lawsuit', 'probe', 'fined', 'iphone', 'iphones', 'ipad', 'mac', 'aws', 'prime',
  'stores', 'retailer', 'cloud', 'database', 'platforms', 'facebook', 'instagram', 'cards', 'payments', 'network', 'insurer',
  'utility', 'price', 'target', 'rating', 'estimates', 'wall', 'nasdaq', 'nyse',
]);

/** Words after a name that give it its everyday sense. */
const EVERYDAY_AFTER = new Set([
  'pie', 'pies', 'juice', 'cider', 'tree', 'trees', 'orchard', 'orchards', 'sauce', 'crumble', 'tart', 'picking', 'seeds',
  'practice', 'practices', 'audience', 'audiences', 'date', 'range', 'shooting', 'rainforest', 'river', 'basin', 'jungle',
  'application', 'applications', 'jones', 'waiver', 'stamp', 'of', 'analysis', 'data', 'verse', 'goddess', 'coil', 'charm',
]);

/** Suffixes taken off a listed name to get how news writes it. */
const SUFFIX = /(,?\s+(Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.|plc|N\.V\.|Ltd\.?|Group|Holdings|Class [A-C]|& Co\.?|Trust|Series \d+))+$/;

/** Usual short forms the rule above cannot derive. */
const EXTRA_ALIASES: Readonly<Record<string, string[]>> = {
  GOOGL: ['Google'],
  AMZN: ['Amazon'],
  JPM: ['JPMorgan', 'JP Morgan'],
  'BRK.B': ['Berkshire'],
  GS: ['Goldman'],
  LLY: ['Eli Lilly', 'Lilly'],
  JNJ: ['J&J'],
  META: ['Facebook'],
  XOM: ['Exxon', 'ExxonMobil'],
  AMD: ['AMD'],
  DIS: ['Disney'],
  MCD: ["McDonald's", 'McDonalds'],
  UNH: ['UnitedHealth'],
  KO: ['Coca-Cola', 'Coke'],
  PG: ['P&G', 'Procter & Gamble'],
  TMUS: ['T-Mobile'],
  BKNG: ['Booking Holdings'],
  GE: ['GE Aerospace'],
  LOW: ["Lowe's"],
  HD: ['Home Depot'],
  WMT: ['Walmart'],
  NVDA: ['Nvidia'],
  BA: ['Boeing'],
};

export interface NameIndex {
  symbols: Set<string>;
  /** alias → symbol, longest aliases first. */
  aliases: Array<{ alias: string; symbol: string; common: boolean; pattern: RegExp }>;
}

export function aliasesOf(i: MatchInstrument): string[] {
  const out = new Set<string>([i.name.trim()]);
  if (i.asset_class !== 'etf') {
    const base = i.name.replace(SUFFIX, '').replace(/^The\s+/, '').trim();
    if (base.length >= 3) out.add(base);
    const noThe = i.name.replace(/^The\s+/, '').trim();
    out.add(noThe);
  }
  for (const a of EXTRA_ALIASES[i.symbol] ?? []) out.add(a);
  return [...out];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildNameIndex(instruments: readonly MatchInstrument[]): NameIndex {
  const aliases: NameIndex['aliases'] = [];
  const owner = new Map<string, string | null>();
  for (const i of instruments) {
    for (const a of aliasesOf(i)) {
      const prev = owner.get(a);
      owner.set(a, prev === undefined || prev === i.symbol ? i.symbol : null); // an alias two instruments share is dropped
    }
  }
  for (const [alias, symbol] of owner) {
    if (!symbol) continue;
    aliases.push({ alias, symbol, common: COMMON_WORD_NAMES.has(alias), pattern: new RegExp(`(?<![\\w$&])${escape(alias)}(?![\\w&])`, 'g') });
  }
  aliases.sort((a, b) => b.alias.length - a.alias.length);
  return { symbols: new Set(instruments.map((i) => i.symbol)), aliases };
}

const WORD = /[A-Za-z][A-Za-z0-9.&'-]*/g;

function mostlyCaps(text: string): boolean {
  const letters = text.replace(/\$[A-Za-z.-]+/g, '').replace(/[^A-Za-z]/g, '');
  if (letters.length < 12) return false;
  return letters.replace(/[^A-Z]/g, '').length / letters.length > 0.6;
}

function hasContext(text: string, start: number, end: number): boolean {
  if (/^'s\b|^’s\b/.test(text.slice(end))) return true;
  const before = text.slice(Math.max(0, start - 40), start).toLowerCase().match(/[a-z.]+/g) ?? [];
  const after = text.slice(end, end + 60).toLowerCase().match(/[a-z.]+/g) ?? [];
  return [...before.slice(-3), ...after.slice(0, 3)].some((w) => CONTEXT.has(w) || CONTEXT.has(w.replace(/\.$/, '')));
}

/** The symbols a text mentions, in order of first mention. */
export function matchSymbols(text: string, index: NameIndex): string[] {
  const found: Array<{ at: number; symbol: string }> = [];
  for (const m of text.matchAll(/\$([A-Za-z][A-Za-z0-9.-]{0,9})\b/g)) {
    const s = m[1].toUpperCase().replace(/\.$/, '');
    if (index.symbols.has(s)) found.push({ at: m.index ?? 0, symbol: s });
  }
  if (!mostlyCaps(text)) {
    for (const m of text.matchAll(WORD)) {
      const w = m[0].replace(/['.-]+$/, '');
      const at = m.index ?? 0;
      if (at > 0 && text[at - 1] === '$') continue;
      if (w.length >= 2 && w === w.toUpperCase() && index.symbols.has(w) && !AMBIGUOUS_TICKERS.has(w)) found.push({ at, symbol: w });
    }
  }
  const taken: Array<[number, number]> = [];
  for (const a of index.aliases) {
    for (const m of text.matchAll(a.pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const next = /^\s+([A-Za-z]+)/.exec(text.slice(end))?.[1]?.toLowerCase();
      if (a.common && (next === undefined ? !hasContext(text, start, end) : EVERYDAY_AFTER.has(next) || !hasContext(text, start, end))) continue;
      if (!a.common && next !== undefined && EVERYDAY_AFTER.has(next) && a.alias.split(' ').length === 1 && !hasContext(text, start, end)) continue;
      taken.push([start, end]);
      found.push({ at: start, symbol: a.symbol });
    }
  }
  found.sort((x, y) => x.at - y.at);
  return [...new Set(found.map((f) => f.symbol))];
}
