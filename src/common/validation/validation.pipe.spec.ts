import { IsEmail, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { createValidationPipe } from './validation.pipe';
import { ValidationFailedError } from '../errors/app-error';

class Leg {
  @IsString() @Length(1, 5) symbol: string;
  @IsInt() @Min(1) @Max(10) qty: number;
}
class Body {
  @IsEmail() email: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Leg) legs?: Leg[];
}

describe('validation pipe', () => {
  const pipe = createValidationPipe();
  const run = async (value: unknown) => {
    try {
      await pipe.transform(value, { type: 'body', metatype: Body });
    } catch (e) {
      return e as ValidationFailedError;
    }
    throw new Error('expected a validation failure');
  };

  it('lists every problem with dotted fields and keeps the first in the seed shape', async () => {
    const e = await run({ email: 'x', legs: [{ symbol: 'TOOLONG', qty: 0 }], junk: true });
    expect(e).toBeInstanceOf(ValidationFailedError);
    expect(e.status).toBe(422);
    expect(e.details).toMatchObject({ field: 'junk', code: 'UNKNOWN_FIELD' });
    const codes = Object.fromEntries((e.details!.errors as { field: string; code: string }[]).map((x) => [x.field, x.code]));
    expect(codes).toEqual({ junk: 'UNKNOWN_FIELD', email: 'INVALID_FORMAT', 'legs.0.symbol': 'OUT_OF_RANGE', 'legs.0.qty': 'OUT_OF_RANGE' });
  });

  it('calls a missing field REQUIRED and a wrong type INVALID_TYPE', async () => {
    const e = await run({ legs: [{ symbol: 5, qty: 'a' }] });
    const codes = Object.fromEntries((e.details!.errors as { field: string; code: string }[]).map((x) => [x.field, x.code]));
    expect(codes).toEqual({ email: 'REQUIRED', 'legs.0.symbol': 'INVALID_TYPE', 'legs.0.qty': 'INVALID_TYPE' });
  });
});
