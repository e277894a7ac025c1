/*
 * Stress scenarios as data, and the pure stress model that applies them. No framework imports.
 *
 * Model (historical scenarios): a position's price moves by
 *     shock = exp(β · m_sector · ln(1 + S)) − 1
 * where S is the S&P 500's price move over the scenario window (a fraction), β the position's 2-year daily
 * beta to SPY and m_sector the scenario's multiplier for the position's sector (1 when not listed). Working on
 * log prices keeps every shock above −100%: a long position can lose at most its value, a short gains when the
 * price falls, and cash is never shocked. P&L = value × shock (value negative for a short).
 *
 * The multipliers are stated assumptions, not measurements: they tilt the beta model towards how each sector
 * actually fared in the episode (approximate sector moves quoted in each reason, from S&P 500 sector index
 * histories as commonly reported), because a beta measured in calm markets misses what was special about each
 * crisis. The model is an equity-index model: for non-equity buckets (Fixed Income, Commodities) it only
 * carries their measured co-movement with SPY, which e.g. misses 2022's simultaneous bond sell-off. Use
 * `custom` shocks for those.
 */

import { GICS_SECTORS, NON_GICS_SECTORS } from '../market/market.contracts';

/** Canonical sector names: the 11 GICS sectors and the three non-GICS buckets the instrument universe uses. */
export const KNOWN_SECTORS: readonly string[] = [...GICS_SECTORS, ...NON_GICS_SECTORS];

/** Other spellings seen in data sources (Yahoo's sector names, short forms) → canonical name. */
const SECTOR_ALIASES: Readonly<Record<string, string>> = {
  technology: 'Information Technology',
  tech: 'Information Technology',
  it: 'Information Technology',
  healthcare: 'Health Care',
  'financial services': 'Financials',
  financial: 'Financials',
  'consumer cyclical': 'Consumer Discretionary',
  'consumer defensive': 'Consumer Staples',
  'basic materials': 'Materials',
  communication: 'Communication Services',
  telecommunications: 'Communication Services',
  'real-estate': 'Real Estate',
  reits: 'Real Estate',
};

const CANONICAL = new Map(KNOWN_SECTORS.map((s) => [s.toLowerCase(), s]));

/** The canonical sector for a name (case-insensitive, aliases allowed), or null when it is not one we know. */
export function canonicalSector(name: string): string | null {
  const key = name.trim().toLowerCase();
  return CANONICAL.get(key) ?? SECTOR_ALIASES[key] ?? null;
}

export interface SectorMultiplier {
  multiplier: number;
  reason: string;
}

export interface HistoricalScenario {
  name: string;
  title: string;
  /** First and last day of the window (YYYY-MM-DD): the closes the index move is measured between. */
  start_date: string;
  end_date: string;
  index: string;
  /** S&P 500 closes on start_date and end_date. */
  start_level: number;
  end_level: number;
  source: string;
  /** Per-sector multipliers m (canonical sector names); sectors not listed use 1. */
  sector_multipliers: Readonly<Record<string, SectorMultiplier>>;
  /** Why the scenario is modelled the way it is, beyond the multipliers. */
  notes: string;
}

const SP500_SOURCE =
  'S&P Dow Jones Indices, S&P 500 price index daily closes (as published, e.g. in the ^GSPC history on Yahoo Finance)';

/** The historical scenarios, in the seed's order. The index shock is end_level / start_level − 1. */
export const HISTORICAL_SCENARIOS: readonly HistoricalScenario[] = [
  {
    name: '2008_financial_crisis',
    title: 'Global financial crisis',
    start_date: '2007-10-09',
    end_date: '2009-03-09',
    index: 'S&P 500',
    start_level: 1565.15,
    end_level: 676.53,
    source: `${SP500_SOURCE}: closing high 1,565.15 on 2007-10-09, closing low 676.53 on 2009-03-09 (−56.8%).`,
    notes: 'A credit crisis centred on banks and housing; defensive sectors fell far less than the index.',
    sector_multipliers: {
      Financials: { multiplier: 1.5, reason: 'Epicentre (bank solvency, credit losses): the sector fell about 80% peak to trough.' },
      'Real Estate': { multiplier: 1.35, reason: 'Leveraged REITs and collapsing property values: about −70%.' },
      'Consumer Discretionary': { multiplier: 1.1, reason: 'Housing-linked and credit-funded spending; deep recession: about −60%.' },
      Industrials: { multiplier: 1.1, reason: 'Cyclical capital spending collapsed: about −60%.' },
      Materials: { multiplier: 1.05, reason: 'Commodity prices fell with global demand: about −58%.' },
      'Consumer Staples': { multiplier: 0.6, reason: 'Defensive demand: about −30%.' },
      'Health Care': { multiplier: 0.75, reason: 'Defensive demand: about −40%.' },
      Utilities: { multiplier: 0.9, reason: 'Defensive but leveraged: about −45%.' },
    },
  },
  {
    name: 'covid_crash',
    title: 'COVID-19 crash',
    start_date: '2020-02-19',
    end_date: '2020-03-23',
    index: 'S&P 500',
    start_level: 3386.15,
    end_level: 2237.4,
    source: `${SP500_SOURCE}: record close 3,386.15 on 2020-02-19, low close 2,237.40 on 2020-03-23 (−33.9%).`,
    notes: 'A sudden stop of travel and services plus an oil price war; remote-work technology held up best.',
    sector_multipliers: {
      Energy: { multiplier: 1.6, reason: 'Oil demand collapse and the Saudi–Russia price war: the sector fell about 55%.' },
      Financials: { multiplier: 1.25, reason: 'Rates cut to zero and credit fears: about −40%.' },
      Industrials: { multiplier: 1.2, reason: 'Airlines and aerospace grounded: about −40%.' },
      'Real Estate': { multiplier: 1.15, reason: 'Retail and office landlords: about −38%.' },
      'Consumer Discretionary': { multiplier: 1.05, reason: 'Travel, leisure and store closures, offset by online retail.' },
      'Information Technology': { multiplier: 0.9, reason: 'Remote-work demand: about −30%.' },
      'Health Care': { multiplier: 0.8, reason: 'Defensive, pandemic-related demand: about −28%.' },
      'Consumer Staples': { multiplier: 0.7, reason: 'Pantry stocking: about −25%.' },
    },
  },
  {
    name: 'dot_com_bust',
    title: 'Dot-com bust',
    start_date: '2000-03-24',
    end_date: '2002-10-09',
    index: 'S&P 500',
    start_level: 1527.46,
    end_level: 776.76,
    source: `${SP500_SOURCE}: closing high 1,527.46 on 2000-03-24, closing low 776.76 on 2002-10-09 (about −49%).`,
    notes: 'A valuation collapse concentrated in technology and telecom; old-economy sectors fell little or rose.',
    sector_multipliers: {
      'Information Technology': { multiplier: 1.6, reason: 'The bubble itself: the sector fell about 80% (Nasdaq −78%).' },
      'Communication Services': { multiplier: 1.4, reason: 'Telecom overbuild and bankruptcies (WorldCom): about −70%.' },
      Utilities: { multiplier: 0.8, reason: 'Merchant-power collapse after Enron (2001–02).' },
      Industrials: { multiplier: 0.7, reason: 'Recession, but valuations were not stretched.' },
      'Consumer Discretionary': { multiplier: 0.7, reason: 'Recession, but valuations were not stretched.' },
      Financials: { multiplier: 0.55, reason: 'Fell far less than the index (about −20%).' },
      'Health Care': { multiplier: 0.55, reason: 'Defensive: about −25%.' },
      Materials: { multiplier: 0.4, reason: 'Cheap at the start: roughly −15%.' },
      Energy: { multiplier: 0.35, reason: 'Cheap at the start, oil rising: roughly −15%.' },
      'Consumer Staples': { multiplier: 0.15, reason: 'Roughly flat over the window.' },
      'Real Estate': { multiplier: -0.3, reason: 'REITs rose (about +20%) as investors sought yield.' },
    },
  },
  {
    name: 'black_monday_1987',
    title: 'Black Monday',
    start_date: '1987-10-16',
    end_date: '1987-10-19',
    index: 'S&P 500',
    start_level: 282.7,
    end_level: 224.84,
    source: `${SP500_SOURCE}: 282.70 on Friday 1987-10-16, 224.84 on Monday 1987-10-19 (−20.5%, the largest one-day fall).`,
    notes:
      'A one-day crash driven by portfolio insurance and program selling: selling was indiscriminate, so no sector ' +
      'multipliers are applied (all 1); the shock is the beta-scaled index move.',
    sector_multipliers: {},
  },
  {
    name: 'rate_shock_2022',
    title: '2022 rate shock',
    start_date: '2022-01-03',
    end_date: '2022-10-12',
    index: 'S&P 500',
    start_level: 4796.56,
    end_level: 3577.03,
    source: `${SP500_SOURCE}: record close 4,796.56 on 2022-01-03, low close 3,577.03 on 2022-10-12 (−25.4%).`,
    notes:
      'Inflation and the fastest Fed hiking cycle in decades: long-duration growth stocks fell most, energy rose. ' +
      'Bonds fell too (TLT about −30%), which an equity-beta model cannot show: use custom shocks for bond holdings.',
    sector_multipliers: {
      'Communication Services': { multiplier: 1.6, reason: 'Long-duration growth and ad slowdown (Meta, Alphabet): about −40%.' },
      'Consumer Discretionary': { multiplier: 1.35, reason: 'Long-duration growth (Amazon, Tesla): about −35%.' },
      'Information Technology': { multiplier: 1.2, reason: 'Higher discount rates hit long-duration earnings: about −30%.' },
      'Real Estate': { multiplier: 1.2, reason: 'Rate-sensitive: about −30%.' },
      Financials: { multiplier: 0.75, reason: 'Higher rates help net interest margins: about −20%.' },
      Industrials: { multiplier: 0.75, reason: 'About −20%.' },
      Materials: { multiplier: 0.8, reason: 'About −20%.' },
      'Health Care': { multiplier: 0.45, reason: 'Defensive: about −12%.' },
      'Consumer Staples': { multiplier: 0.35, reason: 'Defensive: about −10%.' },
      Utilities: { multiplier: 0.25, reason: 'Defensive: roughly −5%.' },
      Energy: { multiplier: -1.3, reason: 'Oil and gas spiked after Russia invaded Ukraine: the sector rose about 40%.' },
    },
  },
];

export const CUSTOM_SCENARIO = 'custom';
export const SCENARIO_NAMES: readonly string[] = [...HISTORICAL_SCENARIOS.map((s) => s.name), CUSTOM_SCENARIO];

export function findScenario(name: string): HistoricalScenario | undefined {
  return HISTORICAL_SCENARIOS.find((s) => s.name === name);
}

/** The index move over the window, a fraction (−0.568 = −56.8%). */
export const indexShock = (s: HistoricalScenario): number => s.end_level / s.start_level - 1;

/** User-given shocks for `custom`, fractions of price (−0.2 = −20%). Sectors canonical, symbols upper-case. */
export interface CustomShocks {
  /** Index move, applied through each position's beta like a historical scenario. */
  market?: number;
  /** Price move of every position in the sector, applied as given (no beta). */
  sectors?: Readonly<Record<string, number>>;
  /** Price move of one symbol, applied as given (no beta). Most specific: wins over sector and market. */
  symbols?: Readonly<Record<string, number>>;
}

export interface StressPosition {
  symbol: string;
  /** Market value in money; negative for a short. */
  value: number;
  /** Canonical sector, or any other label (treated as unlisted: multiplier 1, no sector shock). */
  sector: string;
  /** Daily beta to SPY. */
  beta: number;
}

export type ShockRule = 'beta_sector' | 'market_beta' | 'sector' | 'symbol';

export interface StressPositionResult {
  symbol: string;
  value: number;
  sector: string;
  beta: number;
  /** Price shock applied, a fraction (> −1). */
  shock: number;
  /** value × shock, money (negative = loss). */
  pnl: number;
  rule: ShockRule;
}

export interface StressOutcome {
  /** Σ position P&L, money. */
  pnl: number;
  /** pnl / portfolioValue × 100 (percent); null when the portfolio's net value is not positive. */
  pnlPercent: number | null;
  positions: StressPositionResult[];
}

/** Price shock from an index move through beta and a multiplier, on log prices: exp(β·m·ln(1 + S)) − 1. */
export function betaShock(index: number, beta: number, multiplier = 1): number {
  if (!(index > -1)) throw new RangeError(`index shock must be > -1, got ${index}`);
  return Math.expm1(beta * multiplier * Math.log1p(index)) + 0; // + 0: no −0 in JSON
}

/** The shock for one position: custom (symbol, then sector, then market × beta) or historical (β · m · index). */
export function positionShock(
  p: Pick<StressPosition, 'symbol' | 'sector' | 'beta'>,
  scenario: HistoricalScenario | CustomShocks,
): { shock: number; rule: ShockRule } {
  if ('sector_multipliers' in scenario) {
    const m = scenario.sector_multipliers[canonicalSector(p.sector) ?? '']?.multiplier ?? 1;
    return { shock: betaShock(indexShock(scenario), p.beta, m), rule: 'beta_sector' };
  }
  const bySymbol = scenario.symbols?.[p.symbol];
  if (bySymbol !== undefined) return { shock: bySymbol, rule: 'symbol' };
  const sector = canonicalSector(p.sector);
  const bySector = sector === null ? undefined : scenario.sectors?.[sector];
  if (bySector !== undefined) return { shock: bySector, rule: 'sector' };
  return { shock: betaShock(scenario.market ?? 0, p.beta), rule: 'market_beta' };
}

/**
 * Applies a scenario to positions. `portfolioValue` is the net asset value the percent is taken of (cash + Σ
 * position values for a portfolio; Σ values for a list of positions). Cash is not a position: it is unshocked.
 */
export function applyScenario(
  positions: readonly StressPosition[],
  scenario: HistoricalScenario | CustomShocks,
  portfolioValue: number,
): StressOutcome {
  let pnl = 0;
  const results = positions.map((p) => {
    const { shock, rule } = positionShock(p, scenario);
    const positionPnl = p.value * shock;
    pnl += positionPnl;
    return { symbol: p.symbol, value: p.value, sector: p.sector, beta: p.beta, shock, pnl: positionPnl, rule };
  });
  return { pnl, pnlPercent: portfolioValue > 0 ? (pnl / portfolioValue) * 100 : null, positions: results };
}
