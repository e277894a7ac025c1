import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trading ledger: portfolios, positions, orders, fills, the cash ledger, daily NAV, idempotency keys and
 * the outbox. Scales: prices numeric(18,6), quantities numeric(20,8), money numeric(20,4). CHECK constraints
 * are the last line of defence behind the services (cash never negative, reservations within what is held,
 * terminal orders hold no reservation, a fill at most once per order and quote).
 */
export class Ledger1764100000000 implements MigrationInterface {
  name = 'Ledger1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // One sequence orders every ledger entry (fills and cash transactions, transfers included): entries of one
    // portfolio are written under its row lock, so this order is the order they were applied in.
    await q.query(`CREATE SEQUENCE ledger_entry_seq`);
    await q.query(`
      CREATE TABLE portfolios (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        description varchar(1000),
        cash_balance numeric(20,4) NOT NULL DEFAULT 0,
        reserved_cash numeric(20,4) NOT NULL DEFAULT 0,
        realized_pnl numeric(20,4) NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT portfolios_cash_nonnegative CHECK (cash_balance >= 0),
        CONSTRAINT portfolios_reserved_within_cash CHECK (reserved_cash >= 0 AND reserved_cash <= cash_balance)
      )`);
    await q.query(`CREATE INDEX portfolios_user_idx ON portfolios (user_id, created_at) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE positions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        symbol varchar(10) NOT NULL,
        quantity numeric(20,8) NOT NULL DEFAULT 0,
        reserved_quantity numeric(20,8) NOT NULL DEFAULT 0,
        avg_cost numeric(18,6) NOT NULL DEFAULT 0,
        realized_pnl numeric(20,4) NOT NULL DEFAULT 0,
        opened_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT positions_quantity_nonnegative CHECK (quantity >= 0),
        CONSTRAINT positions_reserved_within_quantity CHECK (reserved_quantity >= 0 AND reserved_quantity <= quantity)
      )`);
    await q.query(`CREATE UNIQUE INDEX positions_portfolio_symbol_uq ON positions (portfolio_id, symbol)`);

    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        client_order_id varchar(64),
        symbol varchar(10) NOT NULL,
        side varchar(4) NOT NULL CHECK (side IN ('buy', 'sell')),
        order_type varchar(10) NOT NULL CHECK (order_type IN ('market', 'limit', 'stop', 'stop_limit')),
        time_in_force varchar(3) NOT NULL CHECK (time_in_force IN ('day', 'gtc', 'ioc', 'fok')),
        quantity numeric(20,8) NOT NULL CHECK (quantity > 0),
        limit_price numeric(18,6) CHECK (limit_price > 0),
        stop_price numeric(18,6) CHECK (stop_price > 0),
        status varchar(16) NOT NULL
          CHECK (status IN ('pending', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired')),
        filled_quantity numeric(20,8) NOT NULL DEFAULT 0,
        filled_notional numeric(38,14) NOT NULL DEFAULT 0,
        avg_fill_price numeric(18,6),
        commission numeric(20,4) NOT NULL DEFAULT 0,
        reserved_cash numeric(20,4) NOT NULL DEFAULT 0 CHECK (reserved_cash >= 0),
        reserved_quantity numeric(20,8) NOT NULL DEFAULT 0 CHECK (reserved_quantity >= 0),
        triggered_at timestamptz,
        expires_at timestamptz,
        last_quote_at timestamptz,
        reject_reason varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        filled_at timestamptz,
        canceled_at timestamptz,
        expired_at timestamptz,
        CONSTRAINT orders_filled_within_quantity CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
        CONSTRAINT orders_filled_means_all CHECK ((status = 'filled') = (filled_quantity = quantity)),
        CONSTRAINT orders_terminal_hold_nothing
          CHECK (status IN ('pending', 'partially_filled') OR (reserved_cash = 0 AND reserved_quantity = 0))
      )`);
    await q.query(`CREATE UNIQUE INDEX orders_seq_uq ON orders (seq)`);
    await q.query(`CREATE UNIQUE INDEX orders_client_order_id_uq ON orders (user_id, client_order_id) WHERE client_order_id IS NOT NULL`);
    await q.query(`CREATE INDEX orders_user_seq_idx ON orders (user_id, seq DESC)`);
    await q.query(`CREATE INDEX orders_portfolio_seq_idx ON orders (portfolio_id, seq DESC)`);
    await q.query(`CREATE INDEX orders_open_symbol_idx ON orders (symbol, seq) WHERE status IN ('pending', 'partially_filled')`);
    await q.query(
      `CREATE INDEX orders_open_expiry_idx ON orders (expires_at) WHERE status IN ('pending', 'partially_filled') AND expires_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE fills (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint NOT NULL DEFAULT nextval('ledger_entry_seq'),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        position_id uuid NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
        symbol varchar(10) NOT NULL,
        side varchar(4) NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity numeric(20,8) NOT NULL CHECK (quantity > 0),
        price numeric(18,6) NOT NULL CHECK (price > 0),
        commission numeric(20,4) NOT NULL DEFAULT 0 CHECK (commission >= 0),
        realized_pnl numeric(20,4),
        quote_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX fills_seq_uq ON fills (seq)`);
    // A quote's liquidity is taken once per order, whichever instance evaluates it.
    await q.query(`CREATE UNIQUE INDEX fills_order_quote_uq ON fills (order_id, quote_at)`);
    await q.query(`CREATE INDEX fills_portfolio_seq_idx ON fills (portfolio_id, seq DESC)`);

    await q.query(`
      CREATE TABLE cash_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint NOT NULL DEFAULT nextval('ledger_entry_seq'),
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        type varchar(16) NOT NULL
          CHECK (type IN ('deposit', 'withdrawal', 'buy', 'sell', 'commission', 'transfer_in', 'transfer_out')),
        amount numeric(20,4) NOT NULL,
        balance_after numeric(20,4) NOT NULL CHECK (balance_after >= 0),
        order_id uuid REFERENCES orders(id) ON DELETE CASCADE,
        fill_id uuid REFERENCES fills(id) ON DELETE CASCADE,
        position_id uuid REFERENCES positions(id) ON DELETE CASCADE,
        symbol varchar(10),
        quantity numeric(20,8),
        price numeric(18,6),
        description varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cash_transactions_sign CHECK (
          (type = 'deposit' AND amount > 0) OR (type = 'withdrawal' AND amount < 0)
          OR (type IN ('buy', 'commission') AND amount <= 0) OR (type = 'sell' AND amount >= 0)
          OR (type IN ('transfer_in', 'transfer_out') AND amount = 0 AND quantity > 0 AND price >= 0))
      )`);
    await q.query(`CREATE UNIQUE INDEX cash_transactions_seq_uq ON cash_transactions (seq)`);
    await q.query(`CREATE INDEX cash_transactions_portfolio_seq_idx ON cash_transactions (portfolio_id, seq DESC)`);

    await q.query(`
      CREATE TABLE portfolio_nav_history (
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        date date NOT NULL,
        total_value numeric(20,4) NOT NULL,
        cash_balance numeric(20,4) NOT NULL,
        positions_value numeric(20,4) NOT NULL,
        source varchar(8) NOT NULL CHECK (source IN ('close', 'manual')),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (portfolio_id, date)
      )`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        status varchar(12) NOT NULL CHECK (status IN ('in_progress', 'completed')),
        lock_token uuid,
        locked_until timestamptz,
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX idempotency_keys_user_key_uq ON idempotency_keys (user_id, key)`);
    await q.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);

    await q.query(`
      CREATE TABLE outbox_sequences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE outbox_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        portfolio_id uuid,
        order_id uuid,
        type varchar(16) NOT NULL,
        event varchar(32) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX outbox_events_user_seq_uq ON outbox_events (user_id, seq)`);
    await q.query(`CREATE INDEX outbox_events_unpublished_idx ON outbox_events (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'outbox_events',
      'outbox_sequences',
      'idempotency_keys',
      'portfolio_nav_history',
      'cash_transactions',
      'fills',
      'orders',
      'positions',
      'portfolios',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP SEQUENCE ledger_entry_seq`);
  }
}
