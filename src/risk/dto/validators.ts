import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import type { ValidationCode } from '../../common/errors/error-codes';
import { canonicalSector, KNOWN_SECTORS } from '../scenarios';

/*
 * Validators for risk inputs. Constraints name their error code through `context.code` (the validation pipe
 * reads it), so a number out of bounds is OUT_OF_RANGE rather than the pipe's INVALID_FORMAT fallback.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function register(
  name: string,
  code: ValidationCode | null,
  validate: (v: unknown) => boolean,
  message: (a: ValidationArguments) => string,
  options: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: code ? { ...options, context: { code } } : options,
      validator: { validate, defaultMessage: message },
    });
}

export interface NumberRange {
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

const describeRange = (r: NumberRange) =>
  `${r.minExclusive ? 'greater than' : 'at least'} ${r.min} and ${r.maxExclusive ? 'less than' : 'at most'} ${r.max}`;

export const inRange = (x: number, r: NumberRange) =>
  (r.minExclusive ? x > r.min : x >= r.min) && (r.maxExclusive ? x < r.max : x <= r.max);

/** A finite JSON number (INVALID_TYPE otherwise) within bounds, each end inclusive or exclusive (OUT_OF_RANGE). */
export function IsNumberInRange(range: NumberRange, options: ValidationOptions = {}): PropertyDecorator {
  // no explicit code: the pipe calls a missing value REQUIRED and a wrong type INVALID_TYPE
  const type = register('isNumber', null, isFiniteNumber, (a) => `${a.property} must be a number`, options);
  const bounds = register(
    'isNumberInRange',
    'OUT_OF_RANGE',
    (v) => !isFiniteNumber(v) || inRange(v, range),
    (a) => `${a.property} must be ${describeRange(range)}`,
    options,
  );
  return (target, key) => {
    type(target, key);
    bounds(target, key);
  };
}

const MAX_SHOCK_KEYS = 200;

/** A JSON object of name → shock (a fraction of price) within `range`. */
export function IsShockMap(range: NumberRange, options: ValidationOptions = {}): PropertyDecorator {
  const type = register(
    'isObject',
    'INVALID_TYPE',
    (v) => isPlainObject(v) && Object.keys(v).length <= MAX_SHOCK_KEYS,
    (a) => `${a.property} must be an object of at most ${MAX_SHOCK_KEYS} name → shock entries`,
    options,
  );
  const values = register(
    'shockValues',
    'OUT_OF_RANGE',
    (v) => !isPlainObject(v) || Object.values(v).every((x) => isFiniteNumber(x) && inRange(x, range)),
    (a) => {
      const bad = isPlainObject(a.value) ? Object.entries(a.value).find(([, x]) => !(isFiniteNumber(x) && inRange(x, range))) : undefined;
      return `${a.property}${bad ? `.${bad[0]}` : ''} must be a number ${describeRange(range)} (a fraction: -0.2 = -20%)`;
    },
    options,
  );
  return (target, key) => {
    type(target, key);
    values(target, key);
  };
}

/** Keys of a shock map must be sectors we know (case-insensitive, common aliases allowed), each named once. */
export function HasKnownSectorKeys(options: ValidationOptions = {}): PropertyDecorator {
  const unknownKey = (v: unknown): string | undefined => {
    if (!isPlainObject(v)) return undefined;
    const seen = new Set<string>();
    for (const k of Object.keys(v)) {
      const c = canonicalSector(k);
      if (c === null || seen.has(c)) return k;
      seen.add(c);
    }
    return undefined;
  };
  return register(
    'knownSectors',
    'INVALID_VALUE',
    (v) => unknownKey(v) === undefined,
    (a) =>
      `${a.property} has an unknown or repeated sector "${unknownKey(a.value)}"; known sectors: ${KNOWN_SECTORS.join(', ')}`,
    options,
  );
}

/** Keys of a shock map must be well-formed symbols (case-insensitive). */
export function HasSymbolKeys(pattern: RegExp, options: ValidationOptions = {}): PropertyDecorator {
  const badKey = (v: unknown) => (isPlainObject(v) ? Object.keys(v).find((k) => !pattern.test(k.toUpperCase())) : undefined);
  return register(
    'symbolKeys',
    'INVALID_FORMAT',
    (v) => badKey(v) === undefined,
    (a) => `${a.property} has a malformed symbol "${badKey(a.value)}" (must match ${pattern.source}, case-insensitive)`,
    options,
  );
}
