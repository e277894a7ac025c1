import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { IDEMPOTENCY_HEADER_DOC } from '../common/openapi/idempotency-header';
import { uuidParam } from '../common/validation/uuid-param';
import { ORDER_STATE_MACHINE_DOC } from './domain/order-state';
import { CreateOrderDto, ListOrdersQueryDto, OrderDto, OrderListDto } from './dto/order.dto';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { OrdersService } from './orders.service';
import type { HttpReply } from '../common/http/http-platform';

const SUBMIT_DOC = `
Validated and reserved in one transaction with the portfolio row locked: a buy reserves quantity × (the limit
price, or the last price plus the market-order collar) + commission, a sell reserves shares of the position
(long only). Refusals are 422 \`InsufficientFunds\` ("insufficient buying power: required X, available Y"),
\`InsufficientPosition\`, \`UnknownSymbol\` (\`details.field = symbol\`, \`code = UNKNOWN_SYMBOL\`) or
\`ValidationError\`. A duplicate \`client_order_id\` is 409 \`DuplicateClientOrderId\`.

Execution: buys fill at the ask, sells at the bid, moved by the configured slippage; never on a stale quote.
Market orders fill on submission while the market is open, otherwise at the next open. A fill takes at most
MAX_VOLUME_SHARE of a tick's volume, so large orders fill in parts. Limits fill at the quote but never beyond
the limit; stops trigger on the last price (at the open price when the market gaps through the stop).

${ORDER_STATE_MACHINE_DOC}`.trim();

@ApiTags('orders')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({ summary: 'Submit an order', description: SUBMIT_DOC })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors(401, 404, 409, 422, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<OrderDto> {
    const result = await this.orders.create(user.id, dto, IdempotencyService.validateKey(key));
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'Your orders, newest first', description: ORDER_STATE_MACHINE_DOC })
  @ApiOkResponse({ type: OrderListDto })
  @ApiErrors(401, 404, 422)
  list(@CurrentUser() user: AuthUser, @Query() q: ListOrdersQueryDto): Promise<OrderListDto> {
    return this.orders.list(user.id, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order', description: ORDER_STATE_MACHINE_DOC })
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Order')) id: string): Promise<OrderDto> {
    return this.orders.get(user.id, id);
  }

  @Put(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel an open order',
    description: `Releases what it reserved; fills already made are kept. A filled, canceled, rejected or expired order → 409 \`OrderNotCancelable\`.\n\n${ORDER_STATE_MACHINE_DOC}`,
  })
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(401, 404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Order')) id: string): Promise<OrderDto> {
    return this.orders.cancel(user.id, id);
  }
}
