import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';
import { API_KEY_SCOPES } from '../api-key-scope';
import { ERROR_NAMES, VALIDATION_CODES } from '../errors/error-codes';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  @ApiProperty({ example: 'symbol' }) field: string;
  @ApiProperty({ enum: Object.keys(VALIDATION_CODES), example: 'INVALID_FORMAT' }) code: string;
  @ApiProperty({ example: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$' }) message: string;
  @ApiPropertyOptional({ example: 9, description: 'Rule expressions (strategy documents): 0-based character offset of the problem' }) position?: number;
}

@ApiSchema({ name: 'ErrorDetails', description: 'Structured details of an error; which fields appear depends on `error`' })
export class ErrorDetailsDto {
  @ApiPropertyOptional({ example: 'symbol', description: 'Validation errors: the first offending field' }) field?: string;
  @ApiPropertyOptional({ enum: Object.keys(VALIDATION_CODES), example: 'INVALID_FORMAT' }) code?: string;
  @ApiPropertyOptional({ example: 9, description: 'Rule expressions (strategy documents): 0-based character offset of the first problem' })
  position?: number;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Validation errors: every problem found' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ enum: API_KEY_SCOPES, example: 'trade', description: 'Forbidden for an API key: the scope it lacks' })
  missing_scope?: string;
  @ApiPropertyOptional({ enum: API_KEY_SCOPES, isArray: true, example: ['read'], description: 'Forbidden for an API key: the scopes it has' })
  scopes?: string[];
  @ApiPropertyOptional({ type: Number, example: 12, description: 'Rate limits, login lock-outs and outages: seconds until a retry may succeed (also `Retry-After`)' })
  retry_after?: number;
}

/** The one error body (`components.schemas.Error`): every 4xx/5xx response of the API references it. */
@ApiSchema({ name: 'Error', description: 'The standard error body of every 4xx/5xx response' })
export class ErrorBodyDto {
  @ApiProperty({ enum: Object.keys(ERROR_NAMES), example: 'ValidationError' }) error: string;
  @ApiProperty({ example: 'Invalid symbol format' }) message: string;
  @ApiProperty({ type: ErrorDetailsDto, nullable: true, description: 'Structured details, or null' })
  details: ErrorDetailsDto | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) timestamp: string;
  @ApiProperty({ example: 'req_abc123', description: 'Also in the X-Request-Id response header' }) request_id: string;
}

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (e.g. the body is not valid JSON): `MalformedJson`, `BadRequest`',
  401: 'Missing, invalid, expired or revoked credentials: `Unauthorized`',
  403: 'Authenticated but not allowed (admin only, or an API key without the scope): `Forbidden`',
  404: 'Not found, or not yours: `NotFound`',
  409: 'Conflict with the current state',
  422: 'Validation or business-rule failure: `ValidationError` with per-field `details`',
  429: 'Rate limit or login lock-out; see `Retry-After`: `RateLimitExceeded`, `TooManyLoginAttempts`',
  503: 'A dependency is down and no stale data can serve: `ServiceUnavailable`',
};

/** Documents error responses, all with the one error body. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto })),
  );
