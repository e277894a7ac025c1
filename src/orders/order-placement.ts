import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { OrderDto } from './dto/order.dto';
import { type MarketOrderRequest, OrderPlacement, type PlacedOrder } from './orders.contract';
import { OrdersService } from './orders.service';

const placed = (o: OrderDto, replayed: boolean): PlacedOrder => ({
  id: o.id,
  symbol: o.symbol,
  side: o.side as PlacedOrder['side'],
  status: o.status as PlacedOrder['status'],
  quantity: o.quantity,
  filled_quantity: o.filled_quantity,
  avg_fill_price: o.avg_fill_price,
  reject_reason: o.reject_reason,
  filled_at: o.filled_at,
  replayed,
});

/** `OrderPlacement` over the orders API's own service: a strategy's order is an ordinary order. */
@Injectable()
export class OrdersPlacement extends OrderPlacement {
  constructor(private readonly orders: OrdersService) {
    super();
  }

  async placeMarket(userId: string, order: MarketOrderRequest, idempotencyKey: string): Promise<PlacedOrder> {
    const result = await this.orders.create(userId, { ...order, order_type: 'market', time_in_force: 'day' }, idempotencyKey);
    return placed(result.body, result.replayed);
  }

  async find(userId: string, orderId: string): Promise<PlacedOrder | null> {
    try {
      return placed(await this.orders.get(userId, orderId), false);
    } catch (err) {
      if (err instanceof AppError && err.errorName === 'NotFound') return null;
      throw err;
    }
  }
}
