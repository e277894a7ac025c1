import {
  DEFAULT_BENCHMARK,
  GICS_INDUSTRIES,
  GICS_SECTORS,
  NON_GICS_SECTORS,
  SECTOR_ETFS,
  UNIVERSE,
  universeBySymbol,
} from './universe';
import { SYMBOL_PATTERN } from '../../common/symbol';

const SECTOR_SPDRS: Record<string, string> = {
  XLK: 'Information Technology',
  XLV: 'Health Care',
  XLF: 'Financials',
  XLY: 'Consumer Discretionary',
  XLC: 'Communication Services',
  XLI: 'Industrials',
  XLP: 'Consumer Staples',
  XLE: 'Energy',
  XLU: 'Utilities',
  XLRE: 'Real Estate',
  XLB: 'Materials',
};

const REQUIRED_ETFS = [
  'SPY',
  'QQQ',
  'IWM',
  'DIA',
  ...Object.keys(SECTOR_SPDRS),
  'TLT',
  'GLD',
  'VTI',
  'EFA',
  'AGG',
  'HYG',
];

describe('instrument universe', () => {
  const bySymbol = universeBySymbol();
  const equities = UNIVERSE.filter((i) => i.asset_class === 'equity');
  const etfs = UNIVERSE.filter((i) => i.asset_class === 'etf');

  it('has at least 100 instruments', () => {
    expect(UNIVERSE.length).toBeGreaterThanOrEqual(100);
  });

  it('has unique symbols, all matching the symbol pattern', () => {
    const symbols = UNIVERSE.map((i) => i.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const s of symbols) {
      expect(s).toMatch(/^[A-Z][A-Z0-9.-]{0,9}$/);
      expect(s).toMatch(SYMBOL_PATTERN);
    }
  });

  it('indexes every instrument by symbol', () => {
    expect(bySymbol.size).toBe(UNIVERSE.length);
    for (const i of UNIVERSE) expect(bySymbol.get(i.symbol)).toBe(i);
    expect(universeBySymbol()).toBe(bySymbol);
  });

  it('uses SPY as the default benchmark, and it is in the universe', () => {
    expect(DEFAULT_BENCHMARK).toBe('SPY');
    expect(bySymbol.get(DEFAULT_BENCHMARK)?.asset_class).toBe('etf');
  });

  it('exposes exactly the 11 GICS sectors', () => {
    expect([...GICS_SECTORS].sort()).toEqual(Object.values(SECTOR_SPDRS).sort());
  });

  it.each(Object.values(SECTOR_SPDRS))('has at least 5 equities in %s', (sector) => {
    expect(equities.filter((i) => i.sector === sector).length).toBeGreaterThanOrEqual(5);
  });

  it('gives every equity a GICS sector and an industry of that sector', () => {
    for (const i of equities) {
      const sector = i.sector as (typeof GICS_SECTORS)[number];
      expect(GICS_SECTORS).toContain(sector);
      expect({ symbol: i.symbol, ok: GICS_INDUSTRIES[sector].includes(i.industry) }).toEqual({
        symbol: i.symbol,
        ok: true,
      });
    }
  });

  it('gives equities share counts and EPS so market_cap and pe_ratio can be derived', () => {
    for (const i of equities) {
      expect(i.shares_outstanding).not.toBeNull();
      expect(i.shares_outstanding!).toBeGreaterThan(0);
      expect(typeof i.eps_ttm).toBe('number');
      expect(Number.isFinite(i.eps_ttm)).toBe(true);
    }
  });

  it.each(REQUIRED_ETFS)('has ETF %s with asset_class etf and null eps', (symbol) => {
    const i = bySymbol.get(symbol);
    expect(i).toBeDefined();
    expect(i!.asset_class).toBe('etf');
    expect(i!.eps_ttm).toBeNull();
  });

  it('gives every ETF null eps and a GICS or documented non-GICS sector', () => {
    const allowed: string[] = [...GICS_SECTORS, ...NON_GICS_SECTORS];
    for (const i of etfs) {
      expect(i.eps_ttm).toBeNull();
      expect(allowed).toContain(i.sector);
    }
  });

  it('maps each sector SPDR to the sector it tracks', () => {
    expect(SECTOR_ETFS).toEqual(SECTOR_SPDRS);
    for (const [symbol, sector] of Object.entries(SECTOR_SPDRS)) {
      const i = bySymbol.get(symbol)!;
      expect({ symbol, sector: i.sector, industry: i.industry }).toEqual({
        symbol,
        sector,
        industry: 'Sector ETF',
      });
    }
  });

  it('puts broad, bond and gold ETFs in their buckets', () => {
    for (const s of ['SPY', 'QQQ', 'IWM', 'DIA', 'VTI', 'EFA']) expect(bySymbol.get(s)!.sector).toBe('Diversified');
    for (const s of ['TLT', 'AGG', 'HYG']) expect(bySymbol.get(s)!.sector).toBe('Fixed Income');
    expect(bySymbol.get('GLD')!.sector).toBe('Commodities');
    expect(bySymbol.get('QQQ')!.exchange).toBe('NASDAQ');
    expect(bySymbol.get('SPY')!.exchange).toBe('NYSE Arca');
  });

  it('has positive vol, price and volume, and betas within [-1, 3]', () => {
    for (const i of UNIVERSE) {
      expect(i.annual_vol).toBeGreaterThan(0);
      expect(i.annual_vol).toBeLessThan(2);
      expect(i.ref_price).toBeGreaterThan(0);
      expect(i.avg_volume).toBeGreaterThan(0);
      expect(i.beta).toBeGreaterThanOrEqual(-1);
      expect(i.beta).toBeLessThanOrEqual(3);
      expect(i.annual_drift).toBeGreaterThanOrEqual(0.03);
      expect(i.annual_drift).toBeLessThanOrEqual(0.12);
      expect(i.currency).toBe('USD');
      expect(['NASDAQ', 'NYSE', 'NYSE Arca', 'Cboe BZX']).toContain(i.exchange);
      expect(i.name.length).toBeGreaterThan(0);
    }
  });

  it('keeps the calibration anchors the simulator relies on', () => {
    expect(bySymbol.get('SPY')!.beta).toBe(1);
    expect(bySymbol.get('TLT')!.beta).toBeLessThan(0);
    expect(bySymbol.get('KO')!.annual_vol).toBeLessThan(bySymbol.get('AAPL')!.annual_vol);
    expect(bySymbol.get('TSLA')!.annual_vol).toBeGreaterThan(bySymbol.get('AAPL')!.annual_vol);
  });
});
