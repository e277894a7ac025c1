import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { d, Decimal } from '../decimal';

/**
 * Bounds every decimal input so it fits its column: a value the database could not hold is a 422 here, never a
 * numeric-overflow 500. JSON numbers and numeric strings are both accepted; arithmetic never sees a float.
 */
export interface DecimalRule {
  /** Smallest allowed value (inclusive unless `gt`). */
  min: string;
  max: string;
  /** Exclusive lower bound (`> min`). */
  gt?: boolean;
  /** Most decimal places accepted. */
  maxDp: number;
}

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** Parses what the validators below accepted; null for anything else. */
export function parseDecimal(v: unknown): Decimal | null {
  if (typeof v === 'number') return Number.isFinite(v) ? d(String(v)) : null;
  if (typeof v === 'string' && DECIMAL_STRING.test(v.trim())) return d(v.trim());
  return null;
}

/** The parsed value of a field the validation pipe already checked. */
export const decimalOf = (v: number | string): Decimal => {
  const parsed = parseDecimal(v);
  if (parsed === null) throw new TypeError(`not a decimal: ${String(v)}`);
  return parsed;
};

function describe(rule: DecimalRule): string {
  return `${rule.gt ? 'greater than' : 'at least'} ${rule.min} and at most ${rule.max}`;
}

/**
 * Three constraints with the names the validation pipe maps: `isNumber` (INVALID_TYPE), `maxDecimalPlaces` and
 * `isDecimalInRange` (OUT_OF_RANGE). Only one fails for a given value, so the reported code is the precise one.
 */
export function IsDecimalInRange(rule: DecimalRule, options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const property = String(propertyName);
    registerDecorator({
      name: 'isNumber',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (v: unknown) => parseDecimal(v) !== null,
        defaultMessage: (a: ValidationArguments) => `${a.property} must be a number`,
      },
    });
    registerDecorator({
      name: 'maxDecimalPlaces',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (v: unknown) => {
          const x = parseDecimal(v);
          return x === null || x.decimalPlaces() <= rule.maxDp;
        },
        defaultMessage: (a: ValidationArguments) =>
          rule.maxDp === 0 ? `${a.property} must be a whole number` : `${a.property} must have at most ${rule.maxDp} decimal places`,
      },
    });
    registerDecorator({
      name: 'isDecimalInRange',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (v: unknown) => {
          const x = parseDecimal(v);
          if (x === null) return true;
          const aboveMin = rule.gt ? x.gt(rule.min) : x.gte(rule.min);
          return aboveMin && x.lte(rule.max);
        },
        defaultMessage: (a: ValidationArguments) => `${a.property} must be ${describe(rule)}`,
      },
    });
  };
}

/** Bounds shared by the ledger's inputs (issue: quantity ≤ 1e9, price ≤ 1e7, cash ≤ 1e13). */
export const LIMITS = {
  maxQuantity: '1000000000',
  maxPrice: '10000000',
  maxCash: '10000000000000',
} as const;

