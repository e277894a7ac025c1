import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { d, Decimal, roundTo, SCALE } from '../common/decimal';
import { WriteBatch } from '../common/database/write-batch';
import { NotFoundError } from '../common/errors/app-error';
import { MarketQuote, MarketSessionInfo } from '../market/market.contracts';
import { Fill } from '../portfolios/entities/fill.entity';
import { Portfolio } from '../portfolios/entities/portfolio.entity';
import { LedgerService } from '../portfolios/ledger.service';
import { toFillDto } from '../portfolios/portfolios.contracts';
import { commissionForFill, decisionEvents, evaluateOrder, MatchDecision, PriorFills, Quote, reserveForBuy, WorkingOrder } from './domain/matching';
import { availableVolume, markOf } from './domain/liquidity';
import { isCancelable, isOpen, isTerminal, OrderEvent, OrderNotCancelableError, OrderStatus, transitionAll } from './domain/order-state';
import { Order } from './entities/order.entity';
import { toOrderDto } from './order.mapper';
import { saveOrderRow } from './order.writes';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxService } from '../outbox/outbox.service';
import { TradingSettings } from './trading-settings';

/**
 * The quote as the matching rules see it for one order: the opening price only on a session's first tick, and the
 * volume capped by what traded since the order last used liquidity (see domain/liquidity.ts).
 */
export function toMatchQuote(q: MarketQuote, o?: Pick<Order, 'lastQuoteSession' | 'lastQuoteVolume'>): Quote {
  const volume = o ? availableVolume(q, { session: o.lastQuoteSession, volume: o.lastQuoteVolume }) : q.tick_volume;
  return { bid: q.bid, ask: q.ask, last: q.price, volume, open: q.session_open ? q.open : null, stale: q.stale };
}

/** Records on the order that it used this quote (its time, and its session's running volume when known). */
export function markUsed(o: Order, q: MarketQuote): void {
  o.lastQuoteAt = q.timestamp;
  const mark = markOf(q);
  o.lastQuoteSession = mark.session;
  o.lastQuoteVolume = mark.volume;
}

export function toWorkingOrder(o: Order): WorkingOrder {
  return {
    side: o.side,
    order_type: o.orderType,
    quantity: o.quantity,
    filled_quantity: o.filledQuantity,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    time_in_force: o.timeInForce,
    triggered: o.triggeredAt !== null,
  };
}

const isImmediate = (o: Order) => o.timeInForce === 'ioc' || o.timeInForce === 'fok';

/** Whether a quote could change this order: a cheap pre-check on an unlocked snapshot, before any transaction. */
export function mayAct(o: Order, quote: MarketQuote, settings: TradingSettings, now: Date): boolean {
  if (!isOpen(o.status)) return false;
  if (o.expiresAt && now.getTime() >= o.expiresAt.getTime()) return true;
  if (o.lastQuoteAt && quote.timestamp.getTime() <= o.lastQuoteAt.getTime()) return false;
  if (isImmediate(o)) return true;
  const decision = evaluateOrder(toWorkingOrder(o), toMatchQuote(quote, o), settings.matching(o.quantity));
  return decision.then !== 'working' || decision.fill !== undefined || decision.trigger === true;
}

function reasonFor(o: Order, decision: MatchDecision): string | null {
  if (decision.then !== 'cancel' && decision.then !== 'cancel_remaining') return null;
  return `${o.timeInForce}: ${decision.reasons.filter((r) => r !== 'triggered').join(', ')}`;
}

/**
 * Everything that changes an existing order, each change in ONE transaction: lock the order (FOR UPDATE, SKIP
 * LOCKED for the engine so instances never queue on each other), lock its portfolio, re-check the state, then
 * write fill, position, cash, reservation, order status (through the state machine) and outbox events together.
 * Lock order is always order → portfolio → position → outbox sequence, so these never deadlock each other.
 */
@Injectable()
export class OrderExecutor {
  private readonly logger = new Logger('OrderExecutor');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly settings: TradingSettings,
  ) {}

  /** Evaluates a working order against a quote and applies what the matching rules decide. Null when another instance holds it. */
  onQuote(orderId: string, quote: MarketQuote, session: MarketSessionInfo, now: Date): Promise<Order | null> {
    return this.run(orderId, { skipLocked: true }, (m, order, portfolio) => this.evaluate(m, order, portfolio, quote, session, now));
  }

  /**
   * The evaluation itself, inside the caller's transaction on a locked order and portfolio (or on an order the
   * transaction just inserted, which no other transaction can see: submission fills in the same transaction).
   */
  async evaluate(m: EntityManager, order: Order, portfolio: Portfolio, quote: MarketQuote, session: MarketSessionInfo, now: Date): Promise<void> {
    if (!isOpen(order.status)) return;
    if (portfolio.deletedAt) return this.settle(m, order, portfolio, ['canceled'], now, { reason: 'portfolio deleted' });
    if (order.expiresAt && now.getTime() >= order.expiresAt.getTime()) return this.settle(m, order, portfolio, ['expired'], now, { reason: 'day order reached the session close' });
    if (order.lastQuoteAt && quote.timestamp.getTime() <= order.lastQuoteAt.getTime()) return;
    if (!session.is_open) {
      if (isImmediate(order)) return this.settle(m, order, portfolio, ['canceled'], now, { reason: `${order.timeInForce}: market closed` });
      return;
    }
    const decision = evaluateOrder(toWorkingOrder(order), toMatchQuote(quote, order), this.settings.matching(order.quantity));
    if (decision.trigger && !order.triggeredAt) order.triggeredAt = now;
    if (!decision.fill) {
      const events = decisionEvents(decision.then);
      if (events.length) return this.settle(m, order, portfolio, events, now, { reason: reasonFor(order, decision) });
      if (decision.trigger) {
        markUsed(order, quote);
        order.updatedAt = now;
        await saveOrderRow(m, order);
      }
      return;
    }
    await this.fill(m, order, portfolio, decision, quote, now);
  }

  /** A day order at its session close. */
  expire(orderId: string, now: Date): Promise<Order | null> {
    return this.run(orderId, { skipLocked: true }, async (m, order, portfolio) => {
      if (!isOpen(order.status) || !order.expiresAt || now.getTime() < order.expiresAt.getTime()) return;
      await this.settle(m, order, portfolio, ['expired'], now, { reason: 'day order reached the session close' });
    });
  }

  /** The engine or a deletion cancels an order (`wait` = queue behind a fill in progress instead of skipping). */
  cancel(orderId: string, reason: string, now: Date, wait = false): Promise<Order | null> {
    return this.run(orderId, { skipLocked: !wait }, async (m, order, portfolio) => {
      if (!isOpen(order.status)) return;
      await this.settle(m, order, portfolio, ['canceled'], now, { reason });
    });
  }

  /** PUT /api/orders/{id}/cancel: waits for a fill in progress, then cancels or answers 409. */
  async cancelByUser(userId: string, orderId: string, now: Date): Promise<Order> {
    const order = await this.run(orderId, { skipLocked: false, userId }, async (m, order, portfolio) => {
      if (portfolio.deletedAt) throw new NotFoundError('Order');
      if (!isCancelable(order.status)) {
        throw new OrderNotCancelableError(order.status);
      }
      await this.settle(m, order, portfolio, ['canceled'], now, { reason: null });
    });
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  private async run(
    orderId: string,
    opts: { skipLocked: boolean; userId?: string },
    fn: (m: EntityManager, order: Order, portfolio: Portfolio) => Promise<void>,
  ): Promise<Order | null> {
    const result = await WriteBatch.transaction(this.db, async (m) => {
      const qb = m.getRepository(Order).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :orderId', { orderId });
      if (opts.userId) qb.andWhere('o.user_id = :userId', { userId: opts.userId });
      if (opts.skipLocked) qb.setOnLocked('skip_locked');
      const order = await qb.getOne();
      if (!order) return null;
      const portfolio = await this.ledger.lockPortfolioById(m, order.portfolioId);
      await fn(m, order, portfolio);
      await this.ledger.flush(m, portfolio);
      return order;
    });
    this.relay.kick();
    return result;
  }

  private async fill(m: EntityManager, order: Order, portfolio: Portfolio, decision: MatchDecision, quote: MarketQuote, now: Date): Promise<void> {
    const price = decision.fill!.price;
    let quantity = decision.fill!.quantity;
    let events = decisionEvents(decision.then);
    let reason = reasonFor(order, decision);
    const prior: PriorFills = { filled_quantity: order.filledQuantity, filled_notional: order.filledNotional, commission_charged: order.commission };
    const fee = (q: Decimal) => commissionForFill(this.settings.commission, { quantity: q, price }, prior);
    let commission = fee(quantity);

    let nextReserve = d(0);
    if (order.side === 'buy') {
      // The reservation is a ceiling taken at submission; a market order can still meet a price beyond its collar.
      const available = order.reservedCash.plus(this.ledger.buyingPower(portfolio));
      if (LedgerService.buyCost(quantity, price, commission).gt(available)) {
        quantity = this.affordable(available, price, quantity, order, fee);
        const why = 'insufficient buying power at the fill price';
        if (quantity.lte(0)) {
          return this.settle(m, order, portfolio, [order.filledQuantity.gt(0) ? 'canceled' : 'rejected'], now, { reason: why });
        }
        commission = fee(quantity);
        events = ['partial_fill', 'canceled'];
        reason = `${why}; remainder canceled`;
      }
      const after = transitionAll(order.status, events) as OrderStatus;
      const remaining = order.quantity.minus(order.filledQuantity).minus(quantity);
      if (!isTerminal(after) && remaining.gt(0)) {
        const stop = order.orderType === 'stop' && !order.triggeredAt ? order.stopPrice : null;
        nextReserve = reserveForBuy(remaining, order.limitPrice, quote.price, this.settings.collarBps, this.settings.commission, stop);
        const cashAfter = portfolio.cashBalance.minus(LedgerService.buyCost(quantity, price, commission));
        const otherReserved = portfolio.reservedCash.minus(order.reservedCash);
        nextReserve = Decimal.max(d(0), Decimal.min(nextReserve, cashAfter.minus(otherReserved)));
      }
    }

    const reserveDelta = order.side === 'buy' ? nextReserve.minus(order.reservedCash) : d(0);
    if (reserveDelta.isNeg()) await this.ledger.adjustReservedCash(m, portfolio, reserveDelta);
    const posted = await this.ledger.postFill(m, portfolio, {
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
      commission,
      quoteAt: quote.timestamp,
    });
    if (reserveDelta.gt(0)) await this.ledger.adjustReservedCash(m, portfolio, reserveDelta);
    if (order.side === 'buy') order.reservedCash = nextReserve;
    else order.reservedQuantity = order.reservedQuantity.minus(quantity);

    order.filledQuantity = order.filledQuantity.plus(quantity);
    order.filledNotional = order.filledNotional.plus(quantity.mul(price));
    order.avgFillPrice = roundTo(order.filledNotional.div(order.filledQuantity), SCALE.price);
    order.commission = order.commission.plus(commission);
    markUsed(order, quote);
    await this.settle(m, order, portfolio, events, now, { reason, fill: posted.fill });
    this.logger.debug({ order_id: order.id, fill_id: posted.fill.id, quantity: quantity.toFixed(), price: price.toFixed() }, 'fill');
  }

  /** Most of `max` a buy can afford at `price` (commission included), on the order's quantity step. */
  private affordable(available: Decimal, price: Decimal, max: Decimal, order: Order, fee: (q: Decimal) => Decimal): Decimal {
    const dp = order.quantity.isInteger() && order.filledQuantity.isInteger() ? 0 : SCALE.quantity;
    const step = d(10).pow(-dp);
    let lo = d(0);
    let hi = max.div(step).floor();
    while (lo.lt(hi)) {
      const mid = lo.plus(hi).div(2).ceil();
      const q = mid.mul(step);
      if (LedgerService.buyCost(q, price, fee(q)).lte(available)) lo = mid;
      else hi = mid.minus(1);
    }
    return lo.mul(step);
  }

  /**
   * Applies events through the state machine (the one place statuses change), releases what a finished order
   * still holds, stamps the times, saves the order and writes one outbox event per state-machine event.
   */
  private async settle(
    m: EntityManager,
    order: Order,
    portfolio: Portfolio,
    events: OrderEvent[],
    now: Date,
    extra: { reason?: string | null; fill?: Fill },
  ): Promise<void> {
    if (!events.length) return;
    order.status = transitionAll(order.status, events) as OrderStatus;
    if (isTerminal(order.status)) await this.releaseAll(m, order, portfolio);
    if (order.status === 'filled') order.filledAt = now;
    if (order.status === 'canceled') order.canceledAt = now;
    if (order.status === 'expired') order.expiredAt = now;
    if (extra.reason && isTerminal(order.status) && order.status !== 'filled') order.rejectReason = extra.reason.slice(0, 200);
    order.updatedAt = now;
    await saveOrderRow(m, order);
    const dto = toOrderDto(order);
    const balances = {
      portfolio_id: portfolio.id,
      cash_balance: portfolio.cashBalance.toNumber(),
      reserved_cash: portfolio.reservedCash.toNumber(),
      buying_power: this.ledger.buyingPower(portfolio).toNumber(),
    };
    for (const event of events) {
      const withFill = extra.fill && (event === 'fill' || event === 'partial_fill');
      await this.outbox.append(m, {
        userId: order.userId,
        portfolioId: order.portfolioId,
        orderId: order.id,
        type: 'order',
        event,
        payload: { order: dto, ...(withFill ? { fill: toFillDto(extra.fill!) } : {}), portfolio: balances },
      });
    }
  }

  private async releaseAll(m: EntityManager, order: Order, portfolio: Portfolio): Promise<void> {
    if (order.reservedCash.gt(0)) {
      await this.ledger.adjustReservedCash(m, portfolio, order.reservedCash.neg());
      order.reservedCash = d(0);
    }
    if (order.reservedQuantity.gt(0)) {
      const position = await this.ledger.lockPosition(m, portfolio.id, order.symbol);
      if (!position) throw new Error(`order ${order.id} reserves a position that does not exist`);
      await this.ledger.adjustReservedQuantity(m, position, order.reservedQuantity.neg());
      order.reservedQuantity = d(0);
    }
  }
}
