import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../common/api-key-scope';

const SCOPES_DESCRIPTION =
  'What the key may do. `read`: every GET (and HEAD) and the realtime channels. `trade`: every other write outside ' +
  'the admin routes — place, cancel and modify orders; create, update and delete portfolios, positions, cash ' +
  'movements, alerts, backtests and ML jobs; create and revoke API keys; log out. `admin`: writes on admin-only ' +
  'routes (market data imports), for admins only. Scopes do not imply one another (a `trade`-only key cannot read). ' +
  'A request outside the key\'s scopes answers 403 `Forbidden` with `details.missing_scope`. Sessions from ' +
  'POST /api/auth/login are not scoped.';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'trading-bot', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    type: String,
    enum: API_KEY_SCOPES,
    isArray: true,
    minItems: 1,
    example: ['read'],
    description:
      `${SCOPES_DESCRIPTION} Default (omitted): every scope you may give — \`read\` and \`trade\`, plus \`admin\` for ` +
      'admins: the full access keys always had. A key created with an API key gets at most that key\'s scopes ' +
      '(403 otherwise, as for `admin` asked by a non-admin). Duplicates are ignored.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(API_KEY_SCOPES, { each: true, message: `each value in scopes must be one of: ${API_KEY_SCOPES.join(', ')}` })
  scopes?: ApiKeyScope[];
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' }) id: string;
  @ApiProperty({ example: 'trading-bot' }) name: string;
  @ApiProperty({ example: 'ok_AbCdEfG', description: 'First characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ type: String, enum: API_KEY_SCOPES, isArray: true, example: ['read', 'trade'], description: SCOPES_DESCRIPTION })
  scopes: ApiKeyScope[];
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_used_at: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'ok_9bX…',
    description: 'The key itself. Shown only in this response: store it now. Send as `X-API-Key` or `Authorization: Bearer`.',
  })
  key: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) api_keys: ApiKeyDto[];
}
