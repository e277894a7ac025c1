import { ValidationFailedError } from '../errors/app-error';
import { createValidationPipe } from './validation.pipe';
import { IsDecimalInRange, parseDecimal } from './decimal.validator';

class Body {
  @IsDecimalInRange({ min: '0', gt: true, max: '1000000000', maxDp: 6 })
  quantity: number | string;
}

describe('IsDecimalInRange', () => {
  const pipe = createValidationPipe();
  const codeFor = async (quantity: unknown): Promise<string | null> => {
    try {
      await pipe.transform({ quantity }, { type: 'body', metatype: Body });
      return null;
    } catch (e) {
      return ((e as ValidationFailedError).details as { code: string }).code;
    }
  };

  it.each([
    [1, null],
    ['1.5', null],
    [1e9, null],
    [0.000001, null],
    [0, 'OUT_OF_RANGE'],
    [-1, 'OUT_OF_RANGE'],
    [1e9 + 0.5, 'OUT_OF_RANGE'],
    [1e300, 'OUT_OF_RANGE'],
    [0.0000001, 'OUT_OF_RANGE'],
    [0.1 + 0.2, 'OUT_OF_RANGE'],
    ['abc', 'INVALID_TYPE'],
    [true, 'INVALID_TYPE'],
    [{}, 'INVALID_TYPE'],
    [null, 'REQUIRED'],
    [undefined, 'REQUIRED'],
  ])('%p → %p', async (value, code) => {
    expect(await codeFor(value)).toBe(code);
  });

  it('parses numbers through their shortest decimal form, never through binary floating point', () => {
    expect(parseDecimal(0.1)!.toFixed()).toBe('0.1');
    expect(parseDecimal('  175.84 ')!.toFixed()).toBe('175.84');
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal('1e5')).toBeNull();
  });
});
