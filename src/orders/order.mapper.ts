import { moneyJson, priceJson, quantityJson } from '../common/decimal';
import { OrderDto } from './dto/order.dto';
import { Order } from './entities/order.entity';

const iso = (t: Date | null) => (t ? t.toISOString() : null);

export const toOrderDto = (o: Order): OrderDto => ({
  id: o.id,
  portfolio_id: o.portfolioId,
  symbol: o.symbol,
  side: o.side,
  order_type: o.orderType,
  quantity: quantityJson(o.quantity)!,
  price: priceJson(o.limitPrice),
  status: o.status,
  created_at: o.createdAt.toISOString(),
  filled_quantity: quantityJson(o.filledQuantity)!,
  avg_fill_price: priceJson(o.avgFillPrice),
  stop_price: priceJson(o.stopPrice),
  time_in_force: o.timeInForce,
  updated_at: o.updatedAt.toISOString(),
  filled_at: iso(o.filledAt),
  canceled_at: iso(o.canceledAt),
  expired_at: iso(o.expiredAt),
  reject_reason: o.rejectReason,
  client_order_id: o.clientOrderId,
  commission: moneyJson(o.commission)!,
});
