import DecimalJs from 'decimal.js';

/**
 * The one decimal type for money, prices and quantities. 40 significant digits and banker's rounding
 * (half-even) so that sums and products of numeric(20,8) values never lose precision before we round.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN });
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalInput = Decimal | string | number;

export const d = (v: DecimalInput): Decimal => new Decimal(v);

/** Column scales (numeric(p, s)) used across the ledger. */
export const SCALE = { money: 4, price: 6, quantity: 8 } as const;
/** JSON scales: how many decimals a number keeps when serialized. */
export const JSON_SCALE = { money: 2, price: 4, quantity: 8, percent: 2 } as const;

export const roundTo = (v: DecimalInput, dp: number): Decimal =>
  d(v).toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);

/** Rounds then converts to a JS number for JSON output only; never feed the result back into arithmetic. */
export const toJsonNumber = (v: DecimalInput | null | undefined, dp: number): number | null =>
  v === null || v === undefined ? null : roundTo(v, dp).toNumber();

export const moneyJson = (v: DecimalInput | null | undefined) => toJsonNumber(v, JSON_SCALE.money);
export const priceJson = (v: DecimalInput | null | undefined) => toJsonNumber(v, JSON_SCALE.price);
export const quantityJson = (v: DecimalInput | null | undefined) => toJsonNumber(v, JSON_SCALE.quantity);
/** Percents (11.72 means 11.72 %); null stays null (nothing to measure against). */
export const percentJson = (v: DecimalInput | null | undefined) => toJsonNumber(v, JSON_SCALE.percent);

/** TypeORM column transformer: numeric (string from pg) <-> Decimal. */
export const decimalTransformer = {
  to: (v: DecimalInput | null | undefined): string | null =>
    v === null || v === undefined ? null : d(v).toFixed(),
  from: (v: string | null): Decimal | null => (v === null || v === undefined ? null : new Decimal(v)),
};
