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

/** Selling or reserving more of a symbol than the portfolio holds unreserved (long only). */
export class InsufficientPositionError extends AppError {
  constructor(symbol: string, required: Decimal, available: Decimal) {
    super('InsufficientPosition', `insufficient position in ${symbol}: required ${required.toFixed()}, available ${available.toFixed()}`, {
      symbol,
      required: required.toNumber(),
      available: available.toNumber(),
    });
  }
}

export class UnknownSymbolError extends AppError {
  constructor(symbol: string) {
    super('UnknownSymbol', `Unknown symbol: ${symbol}`, {
      field: 'symbol',
      code: 'UNKNOWN_SYMBOL',
      errors: [{ field: 'symbol', code: 'UNKNOWN_SYMBOL', message: `${symbol} is not a known instrument` }],
    });
  }
}

