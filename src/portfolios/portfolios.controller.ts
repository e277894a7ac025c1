import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { IDEMPOTENCY_HEADER_DOC } from '../common/openapi/idempotency-header';
import { uuidParam } from '../common/validation/uuid-param';
import { IdempotencyService } from '../idempotency/idempotency.service';
import {
  AddPositionDto,
  CashMovementDto,
  CashTransactionDto,
  CashTransactionListDto,
  CreatePortfolioDto,
  FillListDto,
  NavHistoryDto,
  NavPointDto,
  PageQueryDto,
  PortfolioDetailDto,
  PortfolioListDto,
  PositionDto,
  PositionListDto,
  UpdatePortfolioDto,
} from './dto/portfolio.dto';
import { NavHistoryService } from './nav-history.service';
import { PortfoliosService } from './portfolios.service';
import type { HttpReply } from '../common/http/http-platform';

@ApiTags('portfolios')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/portfolios')
export class PortfoliosController {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly nav: NavHistoryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your portfolios, valued at the latest prices' })
  @ApiOkResponse({ type: PortfolioListDto })
  @ApiErrors(401)
  async list(@CurrentUser() user: AuthUser): Promise<PortfolioListDto> {
    return { portfolios: await this.portfolios.list(user.id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a portfolio; `initial_cash` becomes a deposit' })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: PortfolioDetailDto })
  @ApiErrors(401, 409, 422)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePortfolioDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<PortfolioDetailDto> {
    const result = await this.portfolios.create(user.id, dto, IdempotencyService.validateKey(key));
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One portfolio with its description and positions' })
  @ApiOkResponse({ type: PortfolioDetailDto })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string): Promise<PortfolioDetailDto> {
    return this.portfolios.get(user.id, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename or re-describe a portfolio' })
  @ApiOkResponse({ type: PortfolioDetailDto })
  @ApiErrors(401, 404, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string, @Body() dto: UpdatePortfolioDto): Promise<PortfolioDetailDto> {
    return this.portfolios.update(user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a portfolio',
    description: 'Its open orders are canceled and it disappears from every read; its ledger is kept, not destroyed.',
  })
  @ApiNoContentResponse()
  @ApiErrors(401, 404)
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string): Promise<void> {
    await this.portfolios.remove(user.id, id);
  }

  @Get(':id/positions')
  @ApiOperation({ summary: 'Open positions, valued; `weight` and `unrealized_pnl_percent` are percents' })
  @ApiOkResponse({ type: PositionListDto })
  @ApiErrors(401, 404)
  async positions(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string): Promise<PositionListDto> {
    return { positions: await this.portfolios.positions(user.id, id) };
  }

  @Post(':id/positions')
  @ApiOperation({
    summary: 'Add an existing holding',
    description: 'A transfer-in at `price` (no cash moves); merges into a position of the same symbol at a weighted average cost.',
  })
  @ApiCreatedResponse({ type: PositionDto })
  @ApiErrors(401, 404, 422)
  addPosition(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string, @Body() dto: AddPositionDto): Promise<PositionDto> {
    return this.portfolios.addPosition(user.id, id, dto);
  }

  @Post(':id/cash')
  @ApiOperation({
    summary: 'Deposit or withdraw cash',
    description: 'A withdrawal never takes the balance below zero or into cash reserved by open orders (422 `InsufficientFunds`).',
  })
  @ApiCreatedResponse({ type: CashTransactionDto })
  @ApiErrors(401, 404, 422)
  moveCash(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string, @Body() dto: CashMovementDto): Promise<CashTransactionDto> {
    return this.portfolios.moveCash(user.id, id, dto);
  }

  @Get(':id/transactions')
  @ApiOperation({ summary: 'The cash ledger, newest first: deposits, withdrawals, trades, commissions, position transfers' })
  @ApiOkResponse({ type: CashTransactionListDto })
  @ApiErrors(401, 404, 422)
  transactions(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string, @Query() q: PageQueryDto): Promise<CashTransactionListDto> {
    return this.portfolios.transactions(user.id, id, q);
  }

  @Get(':id/fills')
  @ApiOperation({ summary: 'Executions, newest first' })
  @ApiOkResponse({ type: FillListDto })
  @ApiErrors(401, 404, 422)
  fills(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string, @Query() q: PageQueryDto): Promise<FillListDto> {
    return this.portfolios.fills(user.id, id, q);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Daily net asset value, oldest first (recorded at each close and on demand)' })
  @ApiOkResponse({ type: NavHistoryDto })
  @ApiErrors(401, 404)
  history(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string): Promise<NavHistoryDto> {
    return this.nav.history(user.id, id);
  }

  @Post(':id/history')
  @ApiOperation({ summary: "Record today's net asset value now (replaces today's point)" })
  @ApiCreatedResponse({ type: NavPointDto })
  @ApiErrors(401, 404)
  recordHistory(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Portfolio')) id: string): Promise<NavPointDto> {
    return this.nav.recordOne(user.id, id);
  }
}

@ApiTags('portfolios')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/positions')
export class PositionsController {
  constructor(private readonly portfolios: PortfoliosService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One open position, valued' })
  @ApiOkResponse({ type: PositionDto })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Position')) id: string): Promise<PositionDto> {
    return this.portfolios.getPosition(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a position',
    description: 'A transfer-out of the whole holding at its cost (no cash moves). 409 `PositionReserved` while open sell orders hold part of it.',
  })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 409)
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Position')) id: string): Promise<void> {
    await this.portfolios.deletePosition(user.id, id);
  }
}
