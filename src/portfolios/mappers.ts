import { moneyJson, priceJson, quantityJson } from '../common/decimal';
import { CashTransactionDto, FillDto, NavPointDto } from './dto/portfolio.dto';
import { CashTransaction } from './entities/cash-transaction.entity';
import { Fill } from './entities/fill.entity';
import { NavPoint } from './entities/nav-point.entity';

export const toCashTransactionDto = (t: CashTransaction): CashTransactionDto => ({
  id: t.id,
  type: t.type,
  amount: moneyJson(t.amount)!,
  balance_after: moneyJson(t.balanceAfter)!,
  order_id: t.orderId,
  fill_id: t.fillId,
  position_id: t.positionId,
  symbol: t.symbol,
  quantity: quantityJson(t.quantity),
  price: priceJson(t.price),
  description: t.description,
  created_at: t.createdAt.toISOString(),
});

export const toFillDto = (f: Fill): FillDto => ({
  id: f.id,
  order_id: f.orderId,
  portfolio_id: f.portfolioId,
  symbol: f.symbol,
  side: f.side,
  quantity: quantityJson(f.quantity)!,
  price: priceJson(f.price)!,
  commission: moneyJson(f.commission)!,
  realized_pnl: moneyJson(f.realizedPnl),
  created_at: f.createdAt.toISOString(),
});

export const toNavPointDto = (n: NavPoint): NavPointDto => ({
  date: n.date,
  total_value: moneyJson(n.totalValue)!,
  cash_balance: moneyJson(n.cashBalance)!,
  positions_value: moneyJson(n.positionsValue)!,
  source: n.source,
  recorded_at: n.recordedAt.toISOString(),
});
