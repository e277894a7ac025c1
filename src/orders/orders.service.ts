import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { d, Decimal } from '../common/decimal';
import { ConflictError, FieldError, NotFoundError, ValidationFailedError } from '../common/errors/app-error';
import { Clock, CLOCK, MarketDataService, MarketDataUnavailableError, MarketQuote } from '../market/market.contracts';
import { decimalOf } from '../common/validation/decimal.validator';
import { WriteBatch } from '../common/database/write-batch';
import { Portfolio } from '../portfolios/entities/portfolio.entity';
import { InsufficientFundsError, InsufficientPositionError } from '../portfolios/errors';
import { LedgerService } from '../portfolios/ledger.service';
import { DEFAULT_PAGE, decodeCursor, page } from '../common/pagination/seq-cursor';
import { PortfolioHooks } from '../portfolios/portfolio-hooks.service';
import { PortfoliosService } from '../portfolios/portfolios.service';
import { reserveForBuy } from './domain/matching';
import { markOf } from './domain/liquidity';
import { isOpen as isOpenStatus, OPEN_STATUSES, TERMINAL_STATUSES, transition } from './domain/order-state';
import { CreateOrderDto, ListOrdersQueryDto, OrderDto, OrderListDto } from './dto/order.dto';
import { Order } from './entities/order.entity';
import { IdempotencyClaim, IdempotencyService, IdempotentResult } from '../idempotency/idempotency.service';
import { OrderEngine } from './order-engine.service';
import { OrderExecutor } from './order-executor.service';
import { toOrderDto } from './order.mapper';
import { insertOrderRow, saveOrderRow } from './order.writes';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxService } from '../outbox/outbox.service';
import { TradingSettings } from './trading-settings';

const isUniqueViolation = (e: unknown, constraint: string) =>
  (e as { code?: string; constraint?: string })?.code === '23505' && (e as { constraint?: string }).constraint === constraint;

/**
 * A quote read between ticks carries no tick volume (the contract's `getQuote`). On submission the order may
 * take its share of the session's volume so far instead: small orders fill at once, an order larger than that
 * share fills in part and works on later ticks.
 */
export function submissionQuote(q: MarketQuote): MarketQuote {
  return q.tick_volume.gt(0) ? q : { ...q, tick_volume: q.volume };
}

interface NormalizedOrder {
  quantity: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  timeInForce: Order['timeInForce'];
}

/**
 * The orders API: submission (validation, reservation, immediate execution when the market is open), listing,
 * reads and cancellation. Submission locks the portfolio row, so concurrent orders can never reserve the same
 * cash or shares twice.
 */
@Injectable()
export class OrdersService implements OnModuleInit {
  private readonly logger = new Logger('Orders');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly portfolios: PortfoliosService,
    private readonly hooks: PortfolioHooks,
    private readonly executor: OrderExecutor,
    private readonly engine: OrderEngine,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly idempotency: IdempotencyService,
    private readonly settings: TradingSettings,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.onDeleted((portfolioId) => this.cancelAllForPortfolio(portfolioId));
  }

  create(userId: string, dto: CreateOrderDto, key?: string): Promise<IdempotentResult<OrderDto>> {
    const normalized = this.validate(dto);
    return this.idempotency.execute(userId, key, { method: 'POST', route: '/api/orders', body: dto }, (claim) =>
      this.submit(userId, dto, normalized, claim),
    );
  }

  /** Field combinations class-validator cannot express; every problem reported at once. */
  private validate(dto: CreateOrderDto): NormalizedOrder {
    const errors: FieldError[] = [];
    const needsLimit = dto.order_type === 'limit' || dto.order_type === 'stop_limit';
    const needsStop = dto.order_type === 'stop' || dto.order_type === 'stop_limit';
    if (needsLimit && dto.price === undefined) errors.push({ field: 'price', code: 'REQUIRED', message: `price (the limit) is required for ${dto.order_type} orders` });
    if (!needsLimit && dto.price !== undefined) errors.push({ field: 'price', code: 'INVALID_COMBINATION', message: `price is not allowed for ${dto.order_type} orders` });
    if (needsStop && dto.stop_price === undefined) errors.push({ field: 'stop_price', code: 'REQUIRED', message: `stop_price is required for ${dto.order_type} orders` });
    if (!needsStop && dto.stop_price !== undefined) errors.push({ field: 'stop_price', code: 'INVALID_COMBINATION', message: `stop_price is not allowed for ${dto.order_type} orders` });
    const tif = dto.time_in_force ?? 'day';
    if ((tif === 'ioc' || tif === 'fok') && dto.order_type !== 'market' && dto.order_type !== 'limit') {
      errors.push({ field: 'time_in_force', code: 'INVALID_COMBINATION', message: `${tif} is allowed for market and limit orders only` });
    }
    const quantity = decimalOf(dto.quantity);
    if (!quantity.isInteger()) {
      const policy = this.settings.fractional;
      if (policy === 'none') errors.push({ field: 'quantity', code: 'INVALID_VALUE', message: 'quantity must be a whole number of shares' });
      if (policy === 'market' && dto.order_type !== 'market') {
        errors.push({ field: 'quantity', code: 'INVALID_COMBINATION', message: 'fractional quantities are allowed for market orders only' });
      }
    }
    if (errors.length) throw new ValidationFailedError(errors);
    return {
      quantity,
      limitPrice: dto.price === undefined ? null : decimalOf(dto.price),
      stopPrice: dto.stop_price === undefined ? null : decimalOf(dto.stop_price),
      timeInForce: tif,
    };
  }

  private async submit(userId: string, dto: CreateOrderDto, n: NormalizedOrder, claim: IdempotencyClaim | null): Promise<OrderDto> {
    // Market calls happen before the transaction: never wait on another connection while holding locks.
    await this.portfolios.assertKnownSymbol(dto.symbol);
    const now = this.clock.now();
    const session = this.market.session(now);
    let quote: MarketQuote | null = null;
    try {
      quote = await this.market.getQuote(dto.symbol);
    } catch (err) {
      if (dto.side === 'buy' && n.limitPrice === null) {
        this.logger.warn({ err, symbol: dto.symbol }, 'no quote to reserve a market/stop buy against');
        throw new MarketDataUnavailableError(`No price available for ${dto.symbol} right now; try again or use a limit order`);
      }
    }

    // Market orders (and anything marketable) fill on submission while the session is open, in the same
    // transaction as the reservation; ioc/fok decide now either way.
    const immediate = n.timeInForce === 'ioc' || n.timeInForce === 'fok';
    const evaluateNow = quote !== null && (session.is_open || immediate);
    let body: OrderDto;
    let symbol: string;
    try {
      // Reads and locks go out one by one; every write of the order, its fill and the outbox goes out in one
      // statement at the commit (WriteBatch).
      ({ body, symbol } = await WriteBatch.transaction(this.db, async (m) => {
        const portfolio = await this.ledger.lockPortfolio(m, userId, dto.portfolio_id);
        const o = m.getRepository(Order).create({
          id: randomUUID(),
          userId,
          portfolioId: portfolio.id,
          clientOrderId: dto.client_order_id ?? null,
          symbol: dto.symbol,
          side: dto.side,
          orderType: dto.order_type,
          timeInForce: n.timeInForce,
          quantity: n.quantity,
          limitPrice: n.limitPrice,
          stopPrice: n.stopPrice,
          status: transition(null, 'new'),
          filledQuantity: d(0),
          filledNotional: d(0),
          avgFillPrice: null,
          commission: d(0),
          reservedCash: d(0),
          reservedQuantity: d(0),
          triggeredAt: null,
          expiresAt: n.timeInForce === 'day' ? session.session_close : null,
          lastQuoteAt: null,
          lastQuoteSession: null,
          lastQuoteVolume: null,
          rejectReason: null,
          createdAt: now,
          updatedAt: now,
          filledAt: null,
          canceledAt: null,
          expiredAt: null,
        });
        await this.reserve(m, portfolio, o, quote);
        await insertOrderRow(m, o);
        await this.outbox.append(m, {
          userId,
          portfolioId: portfolio.id,
          orderId: o.id,
          type: 'order',
          event: 'new',
          payload: {
            order: toOrderDto(o),
            portfolio: { portfolio_id: portfolio.id, cash_balance: portfolio.cashBalance.toNumber(), reserved_cash: portfolio.reservedCash.toNumber() },
          },
        });
        if (evaluateNow) await this.executor.evaluate(m, o, portfolio, submissionQuote(quote!), session, now);
        // A resting order's liquidity starts at its submission: volume traded before it existed is not its to take.
        if (quote && o.lastQuoteVolume === null && isOpenStatus(o.status)) {
          const mark = markOf(quote);
          if (mark.volume !== null) {
            o.lastQuoteSession = mark.session;
            o.lastQuoteVolume = mark.volume;
            await saveOrderRow(m, o);
          }
        }
        await this.ledger.flush(m, portfolio);
        const body = toOrderDto(o);
        await claim?.complete(m, 201, body);
        return { body, symbol: o.symbol };
      }));
    } catch (e) {
      if (isUniqueViolation(e, 'orders_client_order_id_uq')) {
        throw new ConflictError(`client_order_id ${dto.client_order_id} is already used by another of your orders`, 'DuplicateClientOrderId');
      }
      throw e;
    }
    this.relay.kick();
    if (body.status === 'pending' || body.status === 'partially_filled') this.engine.watch(symbol);
    return body;
  }

  /** Cash for a buy (limit price, or last price + collar, + commission); shares for a sell. On the locked portfolio row. */
  private async reserve(m: EntityManager, portfolio: Portfolio, o: Order, quote: MarketQuote | null): Promise<void> {
    if (o.side === 'buy') {
      const required = reserveForBuy(
        o.quantity,
        o.limitPrice,
        quote?.price ?? d(0),
        this.settings.collarBps,
        this.settings.commission,
        o.orderType === 'stop' ? o.stopPrice : null,
      );
      const available = this.ledger.buyingPower(portfolio);
      if (required.gt(available)) throw new InsufficientFundsError(required, available);
      await this.ledger.adjustReservedCash(m, portfolio, required);
      o.reservedCash = required;
      return;
    }
    const position = await this.ledger.lockPosition(m, portfolio.id, o.symbol);
    const available = position ? position.quantity.minus(position.reservedQuantity) : d(0);
    if (!position || o.quantity.gt(available)) throw new InsufficientPositionError(o.quantity, available, o.symbol);
    await this.ledger.adjustReservedQuantity(m, position, o.quantity);
    o.reservedQuantity = o.quantity;
  }

  async list(userId: string, q: ListOrdersQueryDto): Promise<OrderListDto> {
    if (q.portfolio_id) await this.portfolios.findOwned(userId, q.portfolio_id);
    const limit = q.limit ?? DEFAULT_PAGE;
    const after = decodeCursor('o', q.cursor);
    // Orders of deleted portfolios are gone with them.
    const live = q.portfolio_id ? [q.portfolio_id] : await this.portfolios.liveIds(userId);
    if (live.length === 0) return { orders: [], next_cursor: null };
    const qb = this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .where('o.user_id = :userId', { userId })
      .andWhere('o.portfolio_id IN (:...live)', { live });
    if (q.symbol) qb.andWhere('o.symbol = :symbol', { symbol: q.symbol });
    if (q.status === 'open') qb.andWhere('o.status IN (:...statuses)', { statuses: OPEN_STATUSES });
    else if (q.status === 'closed') qb.andWhere('o.status IN (:...statuses)', { statuses: TERMINAL_STATUSES });
    else if (q.status && q.status !== 'all') qb.andWhere('o.status = :status', { status: q.status });
    if (after) qb.andWhere('o.seq < :after', { after });
    const rows = await qb.orderBy('o.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 'o');
    return { orders: items.map(toOrderDto), next_cursor: next };
  }

  async get(userId: string, orderId: string): Promise<OrderDto> {
    const order = await this.db.getRepository(Order).findOneBy({ id: orderId, userId });
    if (!order || !(await this.portfolios.liveIds(userId)).includes(order.portfolioId)) throw new NotFoundError('Order');
    return toOrderDto(order);
  }

  async cancel(userId: string, orderId: string): Promise<OrderDto> {
    return toOrderDto(await this.executor.cancelByUser(userId, orderId, this.clock.now()));
  }

  /** After a portfolio deletion committed: cancel what it still has working. */
  async cancelAllForPortfolio(portfolioId: string): Promise<void> {
    const open: { id: string }[] = await this.db.query(
      `SELECT id FROM orders WHERE portfolio_id = $1 AND status IN ('pending', 'partially_filled') ORDER BY seq`,
      [portfolioId],
    );
    for (const { id } of open) await this.executor.cancel(id, 'portfolio deleted', this.clock.now(), true);
  }
}
