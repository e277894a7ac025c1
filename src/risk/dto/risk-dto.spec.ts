import { ValidationFailedError } from '../../common/errors/app-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { PortfolioRiskQueryDto } from './portfolio-risk.dto';
import { StressTestRequestDto } from './stress-test.dto';
import { VarRequestDto } from './var.dto';

const pipe = createValidationPipe();
type Ctor = new () => object;

async function codes(metatype: Ctor, value: unknown, type: 'body' | 'query' = 'body'): Promise<Record<string, string>> {
  try {
    await pipe.transform(value, { type, metatype });
  } catch (e) {
    if (!(e instanceof ValidationFailedError)) throw e;
    return Object.fromEntries((e.details!.errors as { field: string; code: string }[]).map((x) => [x.field, x.code]));
  }
  return {};
}

async function message(metatype: Ctor, value: unknown): Promise<string> {
  try {
    await pipe.transform(value, { type: 'body', metatype });
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

const ok = [{ symbol: 'AAPL', value: 1000 }];

describe('risk request validation', () => {
  it('VaR: accepts a valid body and upper-cases symbols', async () => {
    const dto = (await pipe.transform({ positions: [{ symbol: 'aapl', value: -5 }], confidence_level: 0.99 }, { type: 'body', metatype: VarRequestDto })) as VarRequestDto;
    expect(dto.positions[0].symbol).toBe('AAPL');
  });

  it('VaR: every field with the precise code', async () => {
    expect(await codes(VarRequestDto, {})).toEqual({ positions: 'REQUIRED' });
    expect(await codes(VarRequestDto, { positions: [] })).toEqual({ positions: 'OUT_OF_RANGE' });
    expect(
      await codes(VarRequestDto, {
        positions: [{ symbol: 'bad symbol!', value: 'x', extra: 1 }],
        confidence_level: 1,
        time_horizon: 253,
        method: 'magic',
        lookback: '7y',
        paths: 10,
        junk: true,
      }),
    ).toEqual({
      junk: 'UNKNOWN_FIELD',
      'positions.0.extra': 'UNKNOWN_FIELD',
      'positions.0.symbol': 'INVALID_FORMAT',
      'positions.0.value': 'INVALID_TYPE',
      confidence_level: 'OUT_OF_RANGE',
      time_horizon: 'OUT_OF_RANGE',
      method: 'INVALID_VALUE',
      lookback: 'INVALID_VALUE',
      paths: 'OUT_OF_RANGE',
    });
    expect(await codes(VarRequestDto, { positions: ok, confidence_level: 0.5 })).toEqual({ confidence_level: 'OUT_OF_RANGE' });
    expect(await codes(VarRequestDto, { positions: ok, confidence_level: '0.9' })).toEqual({ confidence_level: 'INVALID_TYPE' });
    expect(await codes(VarRequestDto, { positions: ok, time_horizon: 1.5 })).toEqual({ time_horizon: 'INVALID_TYPE' });
    expect(await codes(VarRequestDto, { positions: ok, time_horizon: 0 })).toEqual({ time_horizon: 'OUT_OF_RANGE' });
    expect(await codes(VarRequestDto, { positions: [{ symbol: 'AAPL', value: 1e14 }] })).toEqual({ 'positions.0.value': 'OUT_OF_RANGE' });
    expect(await codes(VarRequestDto, { positions: [{ symbol: 'AAPL' }] })).toEqual({ 'positions.0.value': 'REQUIRED' });
    expect(await codes(VarRequestDto, { positions: [5] })).toMatchObject({ 'positions.0': 'INVALID_TYPE' });
    expect(await codes(VarRequestDto, { positions: ok, confidence_level: 0.999, time_horizon: 252 })).toEqual({});
  });

  it('stress test: unknown scenarios are listed with the known ones', async () => {
    expect(await codes(StressTestRequestDto, { positions: ok, scenarios: ['covid_crash', 'alien_invasion'] })).toEqual({ scenarios: 'INVALID_VALUE' });
    expect(await message(StressTestRequestDto, { positions: ok, scenarios: ['alien_invasion'] })).toMatch(
      /2008_financial_crisis, covid_crash, dot_com_bust, black_monday_1987, rate_shock_2022, custom/,
    );
    expect(await codes(StressTestRequestDto, { positions: ok })).toEqual({ scenarios: 'REQUIRED' });
    expect(await codes(StressTestRequestDto, { positions: ok, scenarios: [] })).toEqual({ scenarios: 'OUT_OF_RANGE' });
    expect(await codes(StressTestRequestDto, { portfolio_id: 'nope', scenarios: ['covid_crash'] })).toEqual({ portfolio_id: 'INVALID_FORMAT' });
  });

  it('stress test: custom shocks are fractions within bounds, known sectors, well-formed symbols', async () => {
    const cs = (custom_shocks: unknown) => codes(StressTestRequestDto, { positions: ok, scenarios: ['custom'], custom_shocks });
    expect(await cs({ market: -0.2, sectors: { Technology: -0.35, energy: 0.1 }, symbols: { aapl: -0.5 } })).toEqual({});
    expect(await cs({ market: -1 })).toEqual({ 'custom_shocks.market': 'OUT_OF_RANGE' });
    expect(await cs({ market: 'down' })).toEqual({ 'custom_shocks.market': 'INVALID_TYPE' });
    expect(await cs({ sectors: { Astrology: -0.1 } })).toEqual({ 'custom_shocks.sectors': 'INVALID_VALUE' });
    expect(await cs({ sectors: { Technology: -0.1, 'Information Technology': -0.2 } })).toEqual({ 'custom_shocks.sectors': 'INVALID_VALUE' });
    expect(await cs({ sectors: { Energy: -1.5 } })).toEqual({ 'custom_shocks.sectors': 'OUT_OF_RANGE' });
    expect(await cs({ sectors: [1] })).toEqual({ 'custom_shocks.sectors': 'INVALID_TYPE' });
    expect(await cs({ symbols: { 'bad sym': -0.1 } })).toEqual({ 'custom_shocks.symbols': 'INVALID_FORMAT' });
    expect(await cs({ symbols: { AAPL: 'x' } })).toEqual({ 'custom_shocks.symbols': 'OUT_OF_RANGE' });
    expect(await cs({ crash: true })).toEqual({ 'custom_shocks.crash': 'UNKNOWN_FIELD' });
    expect(await cs('big')).toMatchObject({ custom_shocks: 'INVALID_TYPE' });
    const msg = await message(StressTestRequestDto, { positions: ok, scenarios: ['custom'], custom_shocks: { sectors: { Astrology: 1 } } });
    expect(msg).toMatch(/Astrology.*Information Technology/);
  });

  it('portfolio query: strings are parsed, bounds enforced, unknown params refused', async () => {
    const dto = (await pipe.transform({ benchmark: 'qqq', risk_free_rate: '0.04', paths: '20000', seed: '7' }, { type: 'query', metatype: PortfolioRiskQueryDto })) as PortfolioRiskQueryDto;
    expect(dto).toMatchObject({ benchmark: 'QQQ', risk_free_rate: 0.04, paths: 20000, seed: 7 });
    expect(await codes(PortfolioRiskQueryDto, { paths: 'many', method: 'x', series: 'y', lookback: '1d', foo: '1' }, 'query')).toEqual({
      foo: 'UNKNOWN_FIELD',
      paths: 'INVALID_TYPE',
      method: 'INVALID_VALUE',
      series: 'INVALID_VALUE',
      lookback: 'INVALID_VALUE',
    });
    expect(await codes(PortfolioRiskQueryDto, { paths: '10', risk_free_rate: '2', benchmark: '$$' }, 'query')).toEqual({
      paths: 'OUT_OF_RANGE',
      risk_free_rate: 'OUT_OF_RANGE',
      benchmark: 'INVALID_FORMAT',
    });
  });
});
