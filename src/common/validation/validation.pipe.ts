import { type ArgumentMetadata, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/app-error';
import { ValidationCode } from '../errors/error-codes';

const CODE_BY_CONSTRAINT: Record<string, ValidationCode> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isString: 'INVALID_TYPE',
  isNumber: 'INVALID_TYPE',
  isInt: 'INVALID_TYPE',
  isBoolean: 'INVALID_TYPE',
  isArray: 'INVALID_TYPE',
  isObject: 'INVALID_TYPE',
  nestedValidation: 'INVALID_TYPE',
  isIn: 'INVALID_VALUE',
  isEnum: 'INVALID_VALUE',
  min: 'OUT_OF_RANGE',
  max: 'OUT_OF_RANGE',
  minLength: 'OUT_OF_RANGE',
  maxLength: 'OUT_OF_RANGE',
  length: 'OUT_OF_RANGE',
  isLength: 'OUT_OF_RANGE',
  isPositive: 'OUT_OF_RANGE',
  arrayMinSize: 'OUT_OF_RANGE',
  arrayMaxSize: 'OUT_OF_RANGE',
  isDecimalInRange: 'OUT_OF_RANGE',
  maxDecimalPlaces: 'OUT_OF_RANGE',
};

function codeFor(constraint: string, value: unknown): ValidationCode {
  if (constraint !== 'whitelistValidation' && (value === undefined || value === null)) return 'REQUIRED';
  // Domain validators may name their code directly, e.g. `@Validate(..., { context: { code } })`.
  return CODE_BY_CONSTRAINT[constraint] ?? 'INVALID_FORMAT';
}

/** Flattens class-validator's tree into `[{field, code, message}]`, fields as dotted paths (`positions.0.symbol`). */
export function flattenValidationErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    const contexts = (e.contexts ?? {}) as Record<string, { code?: ValidationCode }>;
    // One problem per field: the first failing constraint in declaration order is the one a user fixes first.
    const names = Object.keys(constraints);
    const chosen = names.includes('whitelistValidation')
      ? 'whitelistValidation'
      : names.find((n) => n === 'isDefined' || n === 'isNotEmpty') ?? names[names.length - 1];
    if (chosen) {
      const code = contexts[chosen]?.code ?? codeFor(chosen, e.value);
      const message =
        chosen === 'whitelistValidation' ? `${field} is not an allowed field` : constraints[chosen].replace(e.property, field);
      out.push({ field, code, message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Where @nestjs/swagger keeps a DTO property's schema (the DTOs double as the OpenAPI schemas). */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/**
 * The whitelisting pipe, plus one rule class-validator lacks: `null` is accepted only where the field's OpenAPI
 * schema says `nullable`. (`@IsOptional` lets null through, and a service that tells "absent" by `undefined` would
 * then meet a null it never expected.) A null elsewhere is a 422 INVALID_TYPE naming the field.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (metadata.type === 'body' && typeof type === 'function' && value && typeof value === 'object' && !Array.isArray(value)) {
      const problems: FieldError[] = [];
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== null) continue;
        const schema = Reflect.getMetadata(SWAGGER_PROPERTY, type.prototype as object, key) as { nullable?: boolean } | undefined;
        if (schema && !schema.nullable) problems.push({ field: key, code: 'INVALID_TYPE', message: `${key} must not be null` });
      }
      if (problems.length) throw new ValidationFailedError(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
