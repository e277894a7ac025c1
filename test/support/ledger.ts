import { DataSource } from 'typeorm';
import { d, Decimal, roundTo, SCALE } from '../../src/common/decimal';
import { applyBuy, applySell, EMPTY_POSITION, PositionState, transferIn, transferOut } from '../../src/portfolios/domain/position-math';

/**
 * The ledger's invariants, checked from the tables alone (every portfolio in the database unless told which):
 * - cash_balance = Σ cash transactions, each balance_after the running sum, cash ≥ 0, 0 ≤ reserved ≤ cash;
 * - reserved_cash = Σ reserved_cash of its open buy orders; a position's reserved_quantity = Σ of its open sells;
 * - each position's quantity, avg_cost and realized_pnl = replaying its fills and transfers in ledger order
 *   through position-math; the portfolio's realized_pnl = Σ of its positions';
 * - each order's filled quantity, notional and commission = Σ of its fills; filled ⇔ filled_quantity = quantity;
 *   finished orders hold nothing; every fill has its cash transactions and an outbox event;
 * - per user, outbox seq runs without gaps or repeats up to the user's counter (from 1 until old events are purged).
 * Returns the violations (empty when the ledger is consistent).
 */
export async function ledgerViolations(ds: DataSource, portfolioIds?: string[]): Promise<string[]> {
  const out: string[] = [];
  const scope = portfolioIds ? 'WHERE p.id = ANY($1::uuid[])' : '';
  const params = portfolioIds ? [portfolioIds] : [];
  const eq = (a: Decimal | string | number | null, b: Decimal | string | number | null) => d(a ?? 0).eq(d(b ?? 0));

  const portfolios: {
    id: string;
    user_id: string;
    cash_balance: string;
    reserved_cash: string;
    realized_pnl: string;
    tx_sum: string;
    open_reserved: string;
    positions_realized: string;
  }[] = await ds.query(
    `SELECT p.id, p.user_id, p.cash_balance, p.reserved_cash, p.realized_pnl,
       (SELECT COALESCE(SUM(amount), 0) FROM cash_transactions t WHERE t.portfolio_id = p.id) AS tx_sum,
       (SELECT COALESCE(SUM(reserved_cash), 0) FROM orders o WHERE o.portfolio_id = p.id AND o.status IN ('pending', 'partially_filled')) AS open_reserved,
       (SELECT COALESCE(SUM(realized_pnl), 0) FROM positions s WHERE s.portfolio_id = p.id) AS positions_realized
     FROM portfolios p ${scope}`,
    params,
  );
  const ids = portfolios.map((p) => p.id);
  for (const p of portfolios) {
    const tag = `portfolio ${p.id}`;
    if (!eq(p.cash_balance, p.tx_sum)) out.push(`${tag}: cash_balance ${p.cash_balance} ≠ Σ transactions ${p.tx_sum}`);
    if (d(p.cash_balance).isNeg()) out.push(`${tag}: negative cash ${p.cash_balance}`);
    if (d(p.reserved_cash).isNeg() || d(p.reserved_cash).gt(p.cash_balance)) out.push(`${tag}: reserved ${p.reserved_cash} outside [0, cash]`);
    if (!eq(p.reserved_cash, p.open_reserved)) out.push(`${tag}: reserved_cash ${p.reserved_cash} ≠ Σ open buy reservations ${p.open_reserved}`);
    if (!eq(p.realized_pnl, p.positions_realized)) out.push(`${tag}: realized_pnl ${p.realized_pnl} ≠ Σ positions ${p.positions_realized}`);
  }
  if (!ids.length) return out;

  const txs: { portfolio_id: string; amount: string; balance_after: string; seq: string }[] = await ds.query(
    `SELECT portfolio_id, amount, balance_after, seq FROM cash_transactions WHERE portfolio_id = ANY($1::uuid[]) ORDER BY portfolio_id, seq`,
    [ids],
  );
  const running = new Map<string, Decimal>();
  for (const t of txs) {
    const next = (running.get(t.portfolio_id) ?? d(0)).plus(t.amount);
    running.set(t.portfolio_id, next);
    if (!next.eq(t.balance_after)) out.push(`portfolio ${t.portfolio_id}: balance_after ${t.balance_after} at seq ${t.seq}, running sum ${next.toFixed()}`);
  }

  // Positions: replay fills and transfers in ledger order.
  const positions: { id: string; portfolio_id: string; symbol: string; quantity: string; reserved_quantity: string; avg_cost: string; realized_pnl: string; open_reserved: string }[] =
    await ds.query(
      `SELECT s.*, (SELECT COALESCE(SUM(o.reserved_quantity), 0) FROM orders o
                    WHERE o.portfolio_id = s.portfolio_id AND o.symbol = s.symbol AND o.status IN ('pending', 'partially_filled')) AS open_reserved
       FROM positions s WHERE s.portfolio_id = ANY($1::uuid[])`,
      [ids],
    );
  const entries: { position_id: string; kind: string; quantity: string; price: string; commission: string | null; seq: string }[] = await ds.query(
    `SELECT position_id, side AS kind, quantity, price, commission, seq FROM fills WHERE portfolio_id = ANY($1::uuid[])
     UNION ALL
     SELECT position_id, type AS kind, quantity, price, NULL, seq FROM cash_transactions
       WHERE portfolio_id = ANY($1::uuid[]) AND type IN ('transfer_in', 'transfer_out')
     ORDER BY seq`,
    [ids],
  );
  const byPosition = new Map<string, typeof entries>();
  for (const e of entries) byPosition.set(e.position_id, [...(byPosition.get(e.position_id) ?? []), e]);
  for (const s of positions) {
    const tag = `position ${s.id} (${s.symbol})`;
    let state: PositionState = EMPTY_POSITION;
    try {
      for (const e of byPosition.get(s.id) ?? []) {
        if (e.kind === 'buy') state = applyBuy(state, e.quantity, e.price, e.commission ?? 0);
        else if (e.kind === 'sell') state = applySell(state, e.quantity, e.price, e.commission ?? 0).position;
        else if (e.kind === 'transfer_in') state = transferIn(state, e.quantity, e.price);
        else state = transferOut(state, e.quantity).position;
      }
    } catch (err) {
      out.push(`${tag}: replay failed: ${(err as Error).message}`);
      continue;
    }
    if (!eq(s.quantity, state.quantity)) out.push(`${tag}: quantity ${s.quantity} ≠ replayed ${state.quantity.toFixed()}`);
    if (!eq(s.avg_cost, state.avg_cost)) out.push(`${tag}: avg_cost ${s.avg_cost} ≠ replayed ${state.avg_cost.toFixed()}`);
    if (!eq(s.realized_pnl, state.realized_pnl)) out.push(`${tag}: realized_pnl ${s.realized_pnl} ≠ replayed ${state.realized_pnl.toFixed()}`);
    if (!eq(s.reserved_quantity, s.open_reserved)) out.push(`${tag}: reserved_quantity ${s.reserved_quantity} ≠ Σ open sells ${s.open_reserved}`);
    if (d(s.reserved_quantity).gt(s.quantity) || d(s.reserved_quantity).isNeg()) out.push(`${tag}: reserved ${s.reserved_quantity} outside [0, quantity]`);
  }

  // Orders against their fills.
  const orders: {
    id: string;
    side: string;
    status: string;
    quantity: string;
    filled_quantity: string;
    filled_notional: string;
    commission: string;
    reserved_cash: string;
    reserved_quantity: string;
    fill_qty: string;
    fill_notional: string;
    fill_commission: string;
  }[] = await ds.query(
    `SELECT o.id, o.side, o.status, o.quantity, o.filled_quantity, o.filled_notional, o.commission, o.reserved_cash, o.reserved_quantity,
       COALESCE(SUM(f.quantity), 0) AS fill_qty, COALESCE(SUM(f.quantity * f.price), 0) AS fill_notional, COALESCE(SUM(f.commission), 0) AS fill_commission
     FROM orders o LEFT JOIN fills f ON f.order_id = o.id WHERE o.portfolio_id = ANY($1::uuid[]) GROUP BY o.id`,
    [ids],
  );
  for (const o of orders) {
    const tag = `order ${o.id} (${o.status})`;
    if (!eq(o.filled_quantity, o.fill_qty)) out.push(`${tag}: filled_quantity ${o.filled_quantity} ≠ Σ fills ${o.fill_qty}`);
    if (!eq(o.filled_notional, o.fill_notional)) out.push(`${tag}: filled_notional ${o.filled_notional} ≠ Σ fills ${o.fill_notional}`);
    if (!eq(o.commission, o.fill_commission)) out.push(`${tag}: commission ${o.commission} ≠ Σ fills ${o.fill_commission}`);
    if ((o.status === 'filled') !== d(o.filled_quantity).eq(o.quantity)) out.push(`${tag}: filled ${o.filled_quantity} of ${o.quantity}`);
    const open = o.status === 'pending' || o.status === 'partially_filled';
    if (!open && (!eq(o.reserved_cash, 0) || !eq(o.reserved_quantity, 0))) out.push(`${tag}: finished but still reserves`);
    if (open && o.side === 'sell' && !eq(o.reserved_quantity, d(o.quantity).minus(o.filled_quantity))) {
      out.push(`${tag}: open sell reserves ${o.reserved_quantity}, remaining ${d(o.quantity).minus(o.filled_quantity).toFixed()}`);
    }
  }

  // Every fill: its trade cash transaction, its commission, its outbox event.
  const fills: { id: string; side: string; quantity: string; price: string; commission: string; trade: string | null; fee: string | null; events: string }[] =
    await ds.query(
      `SELECT f.id, f.side, f.quantity, f.price, f.commission,
         (SELECT SUM(amount) FROM cash_transactions t WHERE t.fill_id = f.id AND t.type IN ('buy', 'sell')) AS trade,
         (SELECT SUM(amount) FROM cash_transactions t WHERE t.fill_id = f.id AND t.type = 'commission') AS fee,
         (SELECT COUNT(*) FROM outbox_events e WHERE e.order_id = f.order_id AND e.payload -> 'fill' ->> 'id' = f.id::text) AS events
       FROM fills f WHERE f.portfolio_id = ANY($1::uuid[])`,
      [ids],
    );
  for (const f of fills) {
    const gross = roundTo(d(f.quantity).mul(f.price), SCALE.money);
    const expected = f.side === 'buy' ? gross.neg() : gross;
    if (!eq(f.trade, expected)) out.push(`fill ${f.id}: trade cash ${f.trade} ≠ ${expected.toFixed()}`);
    if (!eq(f.fee, d(f.commission).neg())) out.push(`fill ${f.id}: commission cash ${f.fee} ≠ -${f.commission}`);
    if (Number(f.events) !== 1) out.push(`fill ${f.id}: ${f.events} outbox events`);
  }

  // Outbox sequence per user.
  const users = [...new Set(portfolios.map((p) => p.user_id))];
  const seqs: { user_id: string; n: string; min: string; max: string; distinct: string; last: string | null }[] = await ds.query(
    `SELECT e.user_id, COUNT(*) AS n, MIN(seq) AS min, MAX(seq) AS max, COUNT(DISTINCT seq) AS distinct,
       (SELECT last_seq FROM outbox_sequences s WHERE s.user_id = e.user_id) AS last
     FROM outbox_events e WHERE e.user_id = ANY($1::uuid[]) GROUP BY e.user_id`,
    [users],
  );
  for (const s of seqs) {
    // Contiguous from the oldest kept event (1 unless the retention purge ran) to the counter.
    const contiguous = Number(s.max) - Number(s.min) + 1 === Number(s.n) && s.distinct === s.n && s.last === s.max;
    if (!contiguous) out.push(`user ${s.user_id}: outbox seq not contiguous (n=${s.n}, min=${s.min}, max=${s.max}, distinct=${s.distinct}, last=${s.last})`);
  }
  return out;
}

/** Asserts the invariants (jest): the message lists every violation. */
export async function expectLedgerConsistent(ds: DataSource, portfolioIds?: string[]): Promise<void> {
  const violations = await ledgerViolations(ds, portfolioIds);
  if (violations.length) throw new Error(`ledger invariants violated:\n  ${violations.join('\n  ')}`);
}
