/** Locale-aware number formatting for the page (the browser's locale unless one is given). Pure: no DOM. */

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const DASH = '—';

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

/** Money with its currency, 2 decimals (the API rounds money to 2 dp). */
export function money(v: number | null | undefined, currency = 'USD', locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

/** Signed money: "+$1,250.00" / "−$12.00", so gains and losses do not rely on colour alone. */
export function signedMoney(v: number | null | undefined, currency = 'USD', locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { style: 'currency', currency, signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

/** A price: 2 to 4 decimals (the API rounds prices to 4 dp). */
export function price(v: number | null | undefined, locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(v);
}

/** A quantity: up to 8 decimals, no trailing zeros. */
export function quantity(v: number | null | undefined, locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { maximumFractionDigits: 8 }).format(v);
}

/** A field the API sends in percent units (`*_percent`, `weight`: 1.24 means 1.24 %), signed. */
export function percentUnits(v: number | null | undefined, locale?: string, signed = true): string {
  if (missing(v)) return DASH;
  return formatter(locale, { style: 'percent', signDisplay: signed ? 'exceptZero' : 'auto', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v / 100);
}

/** A ratio the API sends as a fraction (`max_drawdown` -0.12, sector weights 0.4), shown as a percent. */
export function fraction(v: number | null | undefined, locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(v);
}

/** A plain ratio such as Sharpe or beta. */
export function ratio(v: number | null | undefined, locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

/** Large counts (volume): compact, "89.2M". */
export function compact(v: number | null | undefined, locale?: string): string {
  if (missing(v)) return DASH;
  return formatter(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** "up" / "down" / "flat": the word that goes with a coloured change (accessibility: never colour only). */
export function direction(v: number | null | undefined): 'up' | 'down' | 'flat' {
  if (missing(v) || v === 0) return 'flat';
  return v > 0 ? 'up' : 'down';
}

/** A timestamp in the user's locale, date and time. */
export function dateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}

/** "in 2 h 5 min" until a future instant (the market clock's next open/close), from `now`. */
export function until(iso: string, now: number = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (!Number.isFinite(ms)) return DASH;
  if (ms <= 0) return 'now';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', !d && m ? `${m} min` : ''].filter(Boolean);
  return `in ${parts.join(' ') || '1 min'}`;
}
