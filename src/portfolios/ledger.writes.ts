import type { SqlPart } from '../common/database/write-batch';
import type { CashTransaction } from './entities/cash-transaction.entity';
import type { Fill } from './entities/fill.entity';
import type { Portfolio } from './entities/portfolio.entity';
import type { Position } from './entities/position.entity';

/** The ledger's rows as parameterised SQL (numeric values as exact decimal strings). */

export const updatePortfolioBalances = (p: Portfolio, now: Date): SqlPart => ({
  sql: 'UPDATE portfolios SET cash_balance = $2, reserved_cash = $3, realized_pnl = $4, updated_at = $5 WHERE id = $1',
  params: [p.id, p.cashBalance.toFixed(), p.reservedCash.toFixed(), p.realizedPnl.toFixed(), now],
});

export const insertPosition = (s: Position): SqlPart => ({
  sql: `INSERT INTO positions (id, portfolio_id, symbol, quantity, reserved_quantity, avg_cost, realized_pnl, opened_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  params: [s.id, s.portfolioId, s.symbol, s.quantity.toFixed(), s.reservedQuantity.toFixed(), s.avgCost.toFixed(), s.realizedPnl.toFixed(), s.openedAt, s.createdAt, s.updatedAt],
});

export const updatePosition = (s: Position): SqlPart => ({
  sql: 'UPDATE positions SET quantity = $2, reserved_quantity = $3, avg_cost = $4, realized_pnl = $5, opened_at = $6, updated_at = $7 WHERE id = $1',
  params: [s.id, s.quantity.toFixed(), s.reservedQuantity.toFixed(), s.avgCost.toFixed(), s.realizedPnl.toFixed(), s.openedAt, s.updatedAt],
});

export const insertFill = (f: Fill): SqlPart => ({
  sql: `INSERT INTO fills (id, order_id, portfolio_id, position_id, symbol, side, quantity, price, commission, realized_pnl, quote_at, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
  params: [f.id, f.orderId, f.portfolioId, f.positionId, f.symbol, f.side, f.quantity.toFixed(), f.price.toFixed(), f.commission.toFixed(), f.realizedPnl?.toFixed() ?? null, f.quoteAt, f.createdAt],
});

const CASH_COLUMNS = 13;

/** Several entries in one INSERT: rows get their `seq` in list order, which is the ledger's order. */
export const insertCashTransactions = (ts: CashTransaction[]): SqlPart => ({
  sql: `INSERT INTO cash_transactions (id, portfolio_id, type, amount, balance_after, order_id, fill_id, position_id, symbol, quantity, price, description, created_at)
        VALUES ${ts.map((_, r) => `(${Array.from({ length: CASH_COLUMNS }, (_, c) => `$${r * CASH_COLUMNS + c + 1}`).join(', ')})`).join(', ')}`,
  params: ts.flatMap((t) => [
    t.id,
    t.portfolioId,
    t.type,
    t.amount.toFixed(),
    t.balanceAfter.toFixed(),
    t.orderId,
    t.fillId,
    t.positionId,
    t.symbol,
    t.quantity?.toFixed() ?? null,
    t.price?.toFixed() ?? null,
    t.description,
    t.createdAt,
  ]),
});
