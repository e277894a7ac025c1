import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/database/prepared';
import { WriteBatch } from '../common/database/write-batch';
import { d, Decimal, roundTo, SCALE } from '../common/decimal';
import { NotFoundError, ValidationFailedError } from '../common/errors/app-error';
import { InsufficientFundsError } from './errors';
import { Clock, CLOCK } from '../market/market.contracts';
import { applyBuy, applySell, transferIn, transferOut } from './domain/position-math';
import { CashTransaction, CashTransactionType } from './entities/cash-transaction.entity';
import { Fill } from './entities/fill.entity';
import { Portfolio } from './entities/portfolio.entity';
import { Position } from './entities/position.entity';
import { LIMITS } from '../common/validation/decimal.validator';
import { insertCashTransactions, insertFill, insertPosition, updatePortfolioBalances, updatePosition } from './ledger.writes';

const money = (v: Decimal) => roundTo(v, SCALE.money);

// The rows the ledger locks, read with plain SQL (the hot path of every order).
const PORTFOLIO_COLUMNS = 'id, user_id, name, description, cash_balance, reserved_cash, realized_pnl, created_at, updated_at, deleted_at';
const POSITION_COLUMNS = 'id, portfolio_id, symbol, quantity, reserved_quantity, avg_cost, realized_pnl, opened_at, created_at, updated_at';
type Row<K extends string> = Record<K, string | Date | null>;
type PortfolioRow = Row<'id' | 'user_id' | 'name' | 'description' | 'cash_balance' | 'reserved_cash' | 'realized_pnl' | 'created_at' | 'updated_at' | 'deleted_at'>;
type PositionRow = Row<'id' | 'portfolio_id' | 'symbol' | 'quantity' | 'reserved_quantity' | 'avg_cost' | 'realized_pnl' | 'opened_at' | 'created_at' | 'updated_at'>;
const str = (v: string | Date | null) => v as string;
const time = (v: string | Date | null) => (v === null ? null : new Date(v));

const toPortfolio = (m: EntityManager, r: PortfolioRow): Portfolio =>
  m.getRepository(Portfolio).create({
    id: str(r.id),
    userId: str(r.user_id),
    name: str(r.name),
    description: r.description as string | null,
    cashBalance: d(str(r.cash_balance)),
    reservedCash: d(str(r.reserved_cash)),
    realizedPnl: d(str(r.realized_pnl)),
    createdAt: time(r.created_at)!,
    updatedAt: time(r.updated_at)!,
    deletedAt: time(r.deleted_at),
  });

const toPosition = (m: EntityManager, r: PositionRow): Position =>
  m.getRepository(Position).create({
    id: str(r.id),
    portfolioId: str(r.portfolio_id),
    symbol: str(r.symbol),
    quantity: d(str(r.quantity)),
    reservedQuantity: d(str(r.reserved_quantity)),
    avgCost: d(str(r.avg_cost)),
    realizedPnl: d(str(r.realized_pnl)),
    openedAt: time(r.opened_at),
    createdAt: time(r.created_at)!,
    updatedAt: time(r.updated_at)!,
  });

export interface FillInput {
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: Decimal;
  price: Decimal;
  commission: Decimal;
  quoteAt: Date;
}

export interface PostedFill {
  fill: Fill;
  position: Position;
  /** Cash that left (buy, > 0) or came in (sell, < 0 when written as spent): signed change of cash_balance. */
  cashChange: Decimal;
}

/**
 * The only writer of portfolios' cash, reservations and positions. Every method runs inside the caller's
 * transaction on a portfolio row the caller locked (`lockPortfolio*`), which then calls `flush` before committing;
 * in a `WriteBatch` transaction the writes go out together at its commit. Each ledger entry is written with the balance it changes: cash_balance is always the sum of the cash transactions, and a position always what
 * its fills and transfers make it (position-math replayed in ledger order).
 */
@Injectable()
export class LedgerService {
  /** Locked portfolios whose balances changed in memory and still have to be written (`flush`). */
  private readonly dirty = new WeakSet<Portfolio>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * Writes the portfolio row's balances (cash, reserved cash, realized P&L) once, at the end of the unit of
   * work: every transaction that changed them calls this before it commits. One write instead of one per
   * change, and the row's CHECKs (cash ≥ 0, reserved ≤ cash) see the final state. The ledger entries themselves
   * are inserted as they happen.
   */
  async flush(m: EntityManager, p: Portfolio): Promise<void> {
    if (!this.dirty.has(p)) return;
    this.dirty.delete(p);
    if (p.cashBalance.isNeg()) throw new Error(`cash of portfolio ${p.id} would go negative`);
    const now = this.clock.now();
    await WriteBatch.write(m, `portfolio:${p.id}`, () => updatePortfolioBalances(p, now));
  }

  /** Locks the caller's live portfolio (404 for another user's, a deleted or a missing one). */
  async lockPortfolio(m: EntityManager, userId: string, portfolioId: string): Promise<Portfolio> {
    const rows = await preparedQuery<PortfolioRow>(m, `SELECT ${PORTFOLIO_COLUMNS} FROM portfolios WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL FOR UPDATE`, [
      portfolioId,
      userId,
    ]);
    if (!rows.length) throw new NotFoundError('Portfolio');
    return toPortfolio(m, rows[0]);
  }

  /** Locks any portfolio by id, deleted ones included (the engine settles their orders). */
  async lockPortfolioById(m: EntityManager, portfolioId: string): Promise<Portfolio> {
    const rows = await preparedQuery<PortfolioRow>(m, `SELECT ${PORTFOLIO_COLUMNS} FROM portfolios WHERE id = $1 FOR UPDATE`, [portfolioId]);
    if (!rows.length) throw new NotFoundError('Portfolio');
    return toPortfolio(m, rows[0]);
  }

  async lockPosition(m: EntityManager, portfolioId: string, symbol: string): Promise<Position | null> {
    const batch = WriteBatch.of(m);
    const key = `position:${portfolioId}:${symbol}`;
    if (batch?.locked.has(key)) return batch.locked.get(key) as Position;
    const rows = await preparedQuery<PositionRow>(m, `SELECT ${POSITION_COLUMNS} FROM positions WHERE portfolio_id = $1 AND symbol = $2 FOR UPDATE`, [
      portfolioId,
      symbol,
    ]);
    const position = rows.length ? toPosition(m, rows[0]) : null;
    batch?.locked.set(key, position);
    return position;
  }

  /** The position row as it is now in memory (one write per row and transaction in a batch). */
  private writePosition(m: EntityManager, position: Position, now: Date): Promise<void> {
    position.updatedAt = now;
    return WriteBatch.write(m, `position:${position.id}`, () => updatePosition(position));
  }

  buyingPower(p: Portfolio): Decimal {
    return p.cashBalance.minus(p.reservedCash);
  }

  // ---- Cash ---------------------------------------------------------------------------------------

  async deposit(m: EntityManager, p: Portfolio, amount: Decimal, description: string | null = null): Promise<CashTransaction> {
    const after = p.cashBalance.plus(amount);
    if (after.gt(LIMITS.maxCash)) {
      throw new ValidationFailedError([{ field: 'amount', code: 'OUT_OF_RANGE', message: `cash_balance would exceed ${LIMITS.maxCash}` }]);
    }
    return this.post(m, p, { type: 'deposit', amount, description });
  }

  /** Never below zero, never into cash reserved by open orders. */
  async withdraw(m: EntityManager, p: Portfolio, amount: Decimal): Promise<CashTransaction> {
    const available = this.buyingPower(p);
    if (amount.gt(available)) throw new InsufficientFundsError(amount, available, 'cash for withdrawal');
    return this.post(m, p, { type: 'withdrawal', amount: amount.neg() });
  }

  /** Changes the cash held for open buy orders (+ reserve, − release). */
  async adjustReservedCash(m: EntityManager, p: Portfolio, delta: Decimal): Promise<void> {
    if (delta.isZero()) return;
    p.reservedCash = p.reservedCash.plus(delta);
    if (p.reservedCash.isNeg()) throw new Error(`reserved cash of ${p.id} would go negative`);
    this.dirty.add(p);
  }

  /** Reserves quantity of a position for a sell (the caller checked availability on the locked row). */
  async adjustReservedQuantity(m: EntityManager, position: Position, delta: Decimal): Promise<void> {
    if (delta.isZero()) return;
    position.reservedQuantity = position.reservedQuantity.plus(delta);
    if (position.reservedQuantity.isNeg()) throw new Error(`reserved quantity of ${position.id} would go negative`);
    await this.writePosition(m, position, this.clock.now());
  }

  private async post(
    m: EntityManager,
    p: Portfolio,
    e: {
      type: CashTransactionType;
      amount: Decimal;
      orderId?: string;
      fillId?: string;
      positionId?: string;
      symbol?: string;
      quantity?: Decimal;
      price?: Decimal;
      description?: string | null;
    },
  ): Promise<CashTransaction> {
    const amount = money(e.amount);
    p.cashBalance = p.cashBalance.plus(amount);
    if (p.cashBalance.isNeg()) throw new Error(`cash of portfolio ${p.id} would go negative`);
    const now = this.clock.now();
    const tx = m.getRepository(CashTransaction).create({
      id: randomUUID(),
      portfolioId: p.id,
      type: e.type,
      amount,
      balanceAfter: p.cashBalance,
      orderId: e.orderId ?? null,
      fillId: e.fillId ?? null,
      positionId: e.positionId ?? null,
      symbol: e.symbol ?? null,
      quantity: e.quantity ?? null,
      price: e.price ?? null,
      description: e.description ?? null,
      createdAt: now,
    });
    await WriteBatch.collect(m, `cash:${p.id}`, tx, insertCashTransactions);
    if (!amount.isZero()) this.dirty.add(p);
    return tx;
  }

  // ---- Fills ----------------------------------------------------------------------------------------

  /**
   * Books one fill: the fill row, the position (average cost, realized P&L), the cash transactions (trade, then
   * commission) and, for a sell, the release of the sold quantity from the position's reservation. The caller
   * (the order engine) handles the order row, the cash reservation and the outbox in the same transaction.
   */
  async postFill(m: EntityManager, p: Portfolio, f: FillInput): Promise<PostedFill> {
    const now = this.clock.now();
    let position = await this.lockPosition(m, p.id, f.symbol);
    if (!position) {
      if (f.side === 'sell') throw new Error(`sell fill without a position (${p.id} ${f.symbol})`);
      position = await this.createPosition(m, p.id, f.symbol);
    }
    const state = { quantity: position.quantity, avg_cost: position.avgCost, realized_pnl: position.realizedPnl };
    let realized: Decimal | null = null;
    const gross = money(f.quantity.mul(f.price));
    if (f.side === 'buy') {
      const next = applyBuy(state, f.quantity, f.price, f.commission);
      if (position.quantity.isZero()) position.openedAt = now;
      Object.assign(position, { quantity: next.quantity, avgCost: next.avg_cost });
    } else {
      const r = applySell(state, f.quantity, f.price, f.commission);
      realized = r.realized;
      Object.assign(position, { quantity: r.position.quantity, avgCost: r.position.avg_cost, realizedPnl: r.position.realized_pnl });
      position.reservedQuantity = position.reservedQuantity.minus(f.quantity);
      if (position.reservedQuantity.isNeg()) throw new Error(`sell fill beyond the reservation of ${position.id}`);
    }
    await this.writePosition(m, position, now);
    const fill = m.getRepository(Fill).create({
      id: randomUUID(),
      orderId: f.orderId,
      portfolioId: p.id,
      positionId: position.id,
      symbol: f.symbol,
      side: f.side,
      quantity: f.quantity,
      price: f.price,
      commission: f.commission,
      realizedPnl: realized,
      quoteAt: f.quoteAt,
      createdAt: now,
    });
    await WriteBatch.write(m, null, () => insertFill(fill));
    const common = { orderId: f.orderId, fillId: fill.id, positionId: position.id, symbol: f.symbol, quantity: f.quantity, price: f.price };
    await this.post(m, p, { ...common, type: f.side, amount: f.side === 'buy' ? gross.neg() : gross });
    if (f.commission.gt(0)) await this.post(m, p, { ...common, type: 'commission', amount: f.commission.neg() });
    if (realized !== null) {
      p.realizedPnl = p.realizedPnl.plus(realized);
      this.dirty.add(p);
    }
    const cashChange = f.side === 'buy' ? gross.plus(f.commission) : gross.minus(f.commission).neg();
    return { fill, position, cashChange };
  }

  /** Cash a buy fill of `quantity` at `price` with `commission` takes: what the cash ledger will record. */
  static buyCost(quantity: Decimal, price: Decimal, commission: Decimal): Decimal {
    return money(quantity.mul(price)).plus(commission);
  }

  // ---- Transfers ------------------------------------------------------------------------------------

  /** An existing holding brought in at `price` (no cash moves): merged at a weighted average cost. */
  async transferIn(m: EntityManager, p: Portfolio, symbol: string, quantity: Decimal, price: Decimal): Promise<Position> {
    const now = this.clock.now();
    const position = (await this.lockPosition(m, p.id, symbol)) ?? (await this.createPosition(m, p.id, symbol));
    if (position.quantity.plus(quantity).gt(LIMITS.maxQuantity)) {
      throw new ValidationFailedError([{ field: 'quantity', code: 'OUT_OF_RANGE', message: `position quantity would exceed ${LIMITS.maxQuantity}` }]);
    }
    const next = transferIn({ quantity: position.quantity, avg_cost: position.avgCost, realized_pnl: position.realizedPnl }, quantity, price);
    if (position.quantity.isZero()) position.openedAt = now;
    position.quantity = next.quantity;
    position.avgCost = next.avg_cost;
    await this.writePosition(m, position, now);
    await this.post(m, p, { type: 'transfer_in', amount: d(0), positionId: position.id, symbol, quantity, price, description: 'position transferred in' });
    return position;
  }

  /** The whole holding leaves at its cost (no cash moves); the row stays with its realized P&L. */
  async transferOut(m: EntityManager, p: Portfolio, position: Position): Promise<void> {
    const now = this.clock.now();
    const quantity = position.quantity;
    const price = position.avgCost;
    const r = transferOut({ quantity, avg_cost: position.avgCost, realized_pnl: position.realizedPnl }, quantity);
    position.quantity = r.position.quantity;
    position.avgCost = r.position.avg_cost;
    position.openedAt = null;
    await this.writePosition(m, position, now);
    await this.post(m, p, {
      type: 'transfer_out',
      amount: d(0),
      positionId: position.id,
      symbol: position.symbol,
      quantity,
      price,
      description: 'position transferred out',
    });
  }

  private async createPosition(m: EntityManager, portfolioId: string, symbol: string): Promise<Position> {
    const now = this.clock.now();
    const position = m.getRepository(Position).create({
      id: randomUUID(),
      portfolioId,
      symbol,
      quantity: d(0),
      reservedQuantity: d(0),
      avgCost: d(0),
      realizedPnl: d(0),
      openedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await WriteBatch.write(m, `position:${position.id}`, () => insertPosition(position));
    WriteBatch.of(m)?.locked.set(`position:${portfolioId}:${symbol}`, position);
    return position;
  }
}
