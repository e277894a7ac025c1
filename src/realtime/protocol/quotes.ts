import { d, priceJson, quantityJson, toJsonNumber } from '../../common/decimal';
import type { MarketQuote } from '../../market/market.contracts';
import type { QuoteMessage } from './messages';

/** The seed's quote message (`symbol, price, change, volume, timestamp`) plus bid/ask, change_percent, source and stale. */
export function quoteMessage(q: MarketQuote, snapshot = false): QuoteMessage {
  const prev = q.previous_close ? d(q.previous_close) : null;
  const change = prev ? d(q.price).minus(prev) : null;
  const changePercent = prev && change && !prev.isZero() ? change.div(prev).times(100) : null;
  return {
    type: 'quote',
    symbol: q.symbol,
    price: priceJson(q.price),
    change: change ? priceJson(change) : null,
    change_percent: changePercent ? toJsonNumber(changePercent, 2) : null,
    volume: quantityJson(q.volume),
    bid: priceJson(q.bid),
    ask: priceJson(q.ask),
    timestamp: q.timestamp.toISOString(),
    source: q.source,
    stale: q.stale,
    ...(snapshot ? { snapshot: true as const } : {}),
  };
}
