import { AppError } from '../common/errors/app-error';
import { Decimal, roundTo, SCALE } from '../common/decimal';

/** The ledger's refusals, as the API reports them (422, the seed's error body, precise messages). */

const money = (v: Decimal) => roundTo(v, SCALE.money);

export class InsufficientFundsError extends AppError {
  constructor(required: Decimal, available: Decimal, what = 'buying power') {
    super('InsufficientFunds', `insufficient ${what}: required ${money(required).toFixed(2)}, available ${money(available).toFixed(2)}`, {
      required: money(required).toNumber(),
      available: money(available).toNumber(),
    });
  }
}

/**
 * Selling, reserving or transferring out more of a symbol than the portfolio holds unreserved (long only). The
 * pure position math throws it without a symbol (it does not know one); services name the symbol.
 */
export class InsufficientPositionError extends AppError {
  /** The error body's name, also as `code` for code that matches on it. */
  readonly code = 'InsufficientPosition';
  constructor(
    readonly required: Decimal,
    readonly available: Decimal,
    readonly symbol: string | null = null,
  ) {
    super(
      'InsufficientPosition',
      `insufficient position${symbol ? ` in ${symbol}` : ''}: required ${required.toFixed()}, available ${available.toFixed()}`,
      { ...(symbol ? { symbol } : {}), required: required.toNumber(), available: available.toNumber() },
    );
    this.name = new.target.name;
  }
}

