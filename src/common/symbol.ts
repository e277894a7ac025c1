/** Instrument symbols, after upper-casing (API conventions): `BRK.B`-style class suffixes allowed. */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.-]{0,9}$/;
