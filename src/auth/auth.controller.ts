import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { uuidParam } from '../common/validation/uuid-param';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { UnauthorizedError } from '../common/errors/app-error';
import { ApiKeysService } from './api-keys.service';
import { toUserDto, AuthService } from './auth.service';
import { ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { LoginDto, LogoutDto, LogoutResultDto, MeDto, RefreshDto, RegisterDto, TokenDto, UserDto } from './dto/register.dto';
import { bearerToken } from './token.util';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(409, 422, 429)
  register(@Body() dto: RegisterDto): Promise<UserDto> {
    return this.auth.register(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'After 5 failed attempts for one email or from one IP, further attempts are refused with 429 and `Retry-After` ' +
      '(30 s, doubling per failure, at most 15 min).',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(401, 422, 429)
  login(@Body() dto: LoginDto, @Req() req: { ip?: string }): Promise<TokenDto> {
    return this.auth.login(dto, req.ip ?? 'unknown');
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'Send the refresh token as `Authorization: Bearer ort_…` (as the seed shows) or as `refresh_token` in the body. ' +
      'Each refresh token works once; presenting a used one revokes the whole session.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(401, 422)
  refresh(@Body() dto: RefreshDto, @Req() req: { headers: { authorization?: string } }): Promise<TokenDto> {
    const token = dto.refresh_token ?? bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedError('Missing refresh token');
    return this.auth.refresh(token);
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the current session (and the session of a refresh token given in the body)' })
  @ApiOkResponse({ type: LogoutResultDto })
  @ApiErrors(401, 422)
  async logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<LogoutResultDto> {
    await this.auth.logout(user.via === 'jwt' ? user.sessionId : null, dto.refresh_token, user.id);
    return { logged_out: true };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiSecurity('api_key')
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(401)
  async me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    const found = await this.auth.me(user.id);
    if (!found) throw new UnauthorizedError('User no longer exists');
    return { ...toUserDto(found), role: found.role };
  }

  @Post('api-keys')
  @ApiBearerAuth()
  @ApiSecurity('api_key')
  @ApiOperation({
    summary: 'Create an API key (the key is shown once)',
    description:
      'Give it `scopes` (`read`, `trade`, `admin`) to limit what it can do; without them it has full access (`read` and ' +
      '`trade`, plus `admin` for admins). Asking for a scope you cannot give is 403.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors(401, 403, 422)
  createApiKey(@CurrentUser() user: AuthUser, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(user, dto.name, dto.scopes);
  }

  @Get('api-keys')
  @ApiBearerAuth()
  @ApiSecurity('api_key')
  @ApiOperation({ summary: 'List your active API keys (no secrets)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiErrors(401)
  async listApiKeys(@CurrentUser() user: AuthUser): Promise<ApiKeyListDto> {
    return { api_keys: await this.apiKeys.list(user.id) };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiSecurity('api_key')
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404)
  async revokeApiKey(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam('API key')) id: string,
  ): Promise<void> {
    await this.apiKeys.revoke(user.id, id);
  }
}
