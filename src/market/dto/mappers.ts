import { d, moneyJson, percentJson, priceJson } from '../../common/decimal';
import type { Instrument } from '../entities/instrument.entity';
import type { ProviderQuote } from '../providers/provider';
import type { HistoryRow } from '../market.service';
import type { BarDto } from './historical.dto';
import type { QuoteDto } from './quote.dto';

const pct = (v: Parameters<typeof percentJson>[0]) => percentJson(v) as number;

/**
 * The DTO of a cached quote object is built once: the quote cache hands the same object to every request within its
 * TTL, so the decimal arithmetic and rounding run once per quote, not once per request.
 */
const quoteDtos = new WeakMap<ProviderQuote, { instrument: Instrument; dto: Readonly<QuoteDto> }>();

export function toQuoteDto(i: Instrument, q: ProviderQuote): Readonly<QuoteDto> {
  const hit = quoteDtos.get(q);
  if (hit && hit.instrument === i) return hit.dto;
  const dto = Object.freeze(buildQuoteDto(i, q));
  quoteDtos.set(q, { instrument: i, dto });
  return dto;
}

/** market_cap = price × shares outstanding; pe_ratio = price / trailing EPS (null when EPS is unknown or ≤ 0). */
function buildQuoteDto(i: Instrument, q: ProviderQuote): QuoteDto {
  const price = d(q.price);
  const prev = d(q.previousClose);
  const change = price.minus(prev);
  return {
    symbol: i.symbol,
    price: priceJson(price) as number,
    change: priceJson(change) as number,
    change_percent: prev.gt(0) ? pct(change.div(prev).times(100)) : 0,
    volume: q.volume,
    market_cap: i.sharesOutstanding ? moneyJson(price.times(i.sharesOutstanding)) : null,
    pe_ratio: i.epsTtm && i.epsTtm.gt(0) ? pct(price.div(i.epsTtm)) : null,
    high: priceJson(q.high) as number,
    low: priceJson(q.low) as number,
    open: priceJson(q.open) as number,
    previous_close: priceJson(prev) as number,
    timestamp: new Date(q.timestamp).toISOString(),
    bid: priceJson(q.bid) as number,
    ask: priceJson(q.ask) as number,
    source: q.source,
    stale: q.stale,
  };
}

const round4 = (x: number): number => priceJson(x) as number;

export function toBarDto(r: HistoryRow): BarDto {
  const bar: BarDto = {
    date: r.date,
    open: round4(r.open),
    high: round4(r.high),
    low: round4(r.low),
    close: round4(r.close),
    volume: r.volume,
    source: r.source,
  };
  if (r.adj_close !== undefined) bar.adj_close = round4(r.adj_close);
  return bar;
}

