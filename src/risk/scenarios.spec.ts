import fc from 'fast-check';
import {
  applyScenario,
  betaShock,
  canonicalSector,
  findScenario,
  HISTORICAL_SCENARIOS,
  indexShock,
  KNOWN_SECTORS,
  positionShock,
  SCENARIO_NAMES,
} from './scenarios';

const scenario = (name: string) => {
  const s = findScenario(name);
  if (!s) throw new Error(name);
  return s;
};

describe('stress scenarios (data)', () => {
  it('lists the seed scenarios plus custom, with the issue’s index moves', () => {
    expect(SCENARIO_NAMES).toEqual([
      '2008_financial_crisis',
      'covid_crash',
      'dot_com_bust',
      'black_monday_1987',
      'rate_shock_2022',
      'custom',
    ]);
    const moves = Object.fromEntries(HISTORICAL_SCENARIOS.map((s) => [s.name, Math.round(indexShock(s) * 1000) / 10]));
    expect(moves).toEqual({
      '2008_financial_crisis': -56.8,
      covid_crash: -33.9,
      dot_com_bust: -49.1,
      black_monday_1987: -20.5,
      rate_shock_2022: -25.4,
    });
  });

  it('names only canonical sectors, each multiplier with a reason', () => {
    for (const s of HISTORICAL_SCENARIOS) {
      expect(s.start_date < s.end_date).toBe(true);
      expect(s.source).toMatch(/S&P 500/);
      for (const [sector, m] of Object.entries(s.sector_multipliers)) {
        expect(KNOWN_SECTORS).toContain(sector);
        expect(Number.isFinite(m.multiplier)).toBe(true);
        expect(m.reason.length).toBeGreaterThan(5);
      }
    }
  });

  it('maps aliases (Yahoo names, short forms) to canonical sectors', () => {
    expect(canonicalSector('Technology')).toBe('Information Technology');
    expect(canonicalSector('healthcare')).toBe('Health Care');
    expect(canonicalSector('Financial Services')).toBe('Financials');
    expect(canonicalSector('FINANCIALS')).toBe('Financials');
    expect(canonicalSector('Astrology')).toBeNull();
  });
});

describe('stress model', () => {
  it('scales the index move by beta on log prices', () => {
    expect(betaShock(-0.2, 1)).toBeCloseTo(-0.2, 12);
    expect(betaShock(-0.2, 2)).toBeCloseTo(0.8 * 0.8 - 1, 12); // two "betas" of −20% compound
    expect(betaShock(-0.2, 0)).toBe(0);
    expect(betaShock(-0.2, -1)).toBeCloseTo(1 / 0.8 - 1, 12); // a negative beta gains
  });

  it('applies the sector multiplier of the scenario (1 when the sector is not listed)', () => {
    const gfc = scenario('2008_financial_crisis');
    const S = indexShock(gfc);
    const bank = positionShock({ symbol: 'JPM', sector: 'Financials', beta: 1.2 }, gfc);
    expect(bank.shock).toBeCloseTo(Math.exp(1.2 * 1.5 * Math.log(1 + S)) - 1, 12);
    const tech = positionShock({ symbol: 'AAPL', sector: 'Information Technology', beta: 1 }, gfc);
    expect(tech.shock).toBeCloseTo(S, 12);
    const staples = positionShock({ symbol: 'PG', sector: 'Consumer Staples', beta: 1 }, gfc);
    expect(staples.shock).toBeGreaterThan(S); // smaller loss than the index
    const energy2022 = positionShock({ symbol: 'XOM', sector: 'Energy', beta: 0.8 }, scenario('rate_shock_2022'));
    expect(energy2022.shock).toBeGreaterThan(0);
  });

  it('longs lose, shorts gain, and cash is untouched', () => {
    const covid = scenario('covid_crash');
    const out = applyScenario(
      [
        { symbol: 'SPY', value: 10_000, sector: 'Diversified', beta: 1 },
        { symbol: 'QQQ', value: -5_000, sector: 'Diversified', beta: 1.1 },
      ],
      covid,
      10_000 - 5_000 + 20_000, // 20k cash
    );
    expect(out.positions[0].pnl).toBeCloseTo(10_000 * indexShock(covid), 6);
    expect(out.positions[1].pnl).toBeGreaterThan(0);
    expect(out.pnl).toBeCloseTo(out.positions[0].pnl + out.positions[1].pnl, 9);
    expect(out.pnlPercent).toBeCloseTo((out.pnl / 25_000) * 100, 9);
  });

  it('custom: symbol beats sector beats market × beta', () => {
    const custom = { market: -0.2, sectors: { 'Information Technology': -0.35 }, symbols: { AAPL: -0.5 } };
    expect(positionShock({ symbol: 'AAPL', sector: 'Information Technology', beta: 1.3 }, custom)).toEqual({ shock: -0.5, rule: 'symbol' });
    expect(positionShock({ symbol: 'MSFT', sector: 'Technology', beta: 1.3 }, custom)).toEqual({ shock: -0.35, rule: 'sector' });
    const jpm = positionShock({ symbol: 'JPM', sector: 'Financials', beta: 1.5 }, custom);
    expect(jpm.rule).toBe('market_beta');
    expect(jpm.shock).toBeCloseTo(0.8 ** 1.5 - 1, 12);
    expect(positionShock({ symbol: 'JPM', sector: 'Financials', beta: 1.5 }, {}).shock).toBe(0);
  });

  it('gives no percent for a portfolio whose net value is not positive', () => {
    const out = applyScenario([{ symbol: 'SPY', value: -1000, sector: 'Diversified', beta: 1 }], scenario('covid_crash'), -1000);
    expect(out.pnlPercent).toBeNull();
    expect(out.pnl).toBeGreaterThan(0);
  });

  it('property: a long never loses more than its value, whatever the beta and scenario', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HISTORICAL_SCENARIOS),
        fc.double({ min: -3, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.constantFrom(...KNOWN_SECTORS),
        (s, beta, value, sector) => {
          const { positions } = applyScenario([{ symbol: 'X', value, sector, beta }], s, value);
          expect(positions[0].shock).toBeGreaterThanOrEqual(-1);
          expect(positions[0].pnl).toBeGreaterThanOrEqual(-value * (1 + 1e-12));
        },
      ),
    );
  });

  it('property: a short is the mirror of a long (same shock, opposite P&L)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HISTORICAL_SCENARIOS), fc.double({ min: -2, max: 3, noNaN: true }), (s, beta) => {
        const long = applyScenario([{ symbol: 'X', value: 1000, sector: 'Energy', beta }], s, 1000);
        const short = applyScenario([{ symbol: 'X', value: -1000, sector: 'Energy', beta }], s, 1000);
        expect(short.pnl).toBeCloseTo(-long.pnl, 9);
      }),
    );
  });
});
