import { useEffect, useState } from 'preact/hooks';
import { PriceChart } from '../components/chart';
import { Change, Empty, ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { OctopusError, type QuoteMessage, type Schemas } from '../lib/api';
import { useApp } from '../lib/context';
import { compact, dateTime, percentUnits, price, signedMoney } from '../lib/format';
import { navigate } from '../lib/router';

const PERIODS = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', 'max'] as const;
const INTERVALS = ['1m', '5m', '15m', '1h', '1d', '1wk', '1mo'] as const;
type Quote = Schemas['QuoteDto'] | QuoteMessage;

/**
 * The watchlist is the user's first server-side watchlist (/api/watchlists), so it follows them across log-ins and
 * devices; a user without one gets it created with three liquid symbols on the first visit. Trending symbols are
 * added on request (they rank the whole universe).
 */
const DEFAULT_WATCHLIST = ['AAPL', 'MSFT', 'SPY'];
const WATCHLIST_NAME = 'Watchlist';
type Watchlist = Schemas['WatchlistDto'];

/** The user's watchlist, created on first use; every change is the server's answer, never a local guess. */
function useWatchlist(): {
  list: Watchlist | null;
  error: unknown;
  add: (symbols: string[]) => Promise<void>;
  remove: (symbol: string) => Promise<void>;
} {
  const { client } = useApp();
  const [list, setList] = useState<Watchlist | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<Watchlist> => {
      for await (const first of client.watchlists.list({ limit: 1 })) return first;
      try {
        return await client.watchlists.create({ name: WATCHLIST_NAME, symbols: DEFAULT_WATCHLIST });
      } catch (err) {
        // Another tab created it first (names are unique per user): read that one.
        if (err instanceof OctopusError && err.status === 409) return load();
        throw err;
      }
    };
    load().then((w) => live && (setList(w), setError(null)), (err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [client]);
  const add = async (symbols: string[]) => {
    if (!list) return;
    try {
      let w = list;
      for (const symbol of symbols) if (!w.symbols.includes(symbol)) w = await client.watchlists.addSymbol(list.id, symbol);
      setList(w);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (symbol: string) => {
    if (!list) return;
    try {
      await client.watchlists.removeSymbol(list.id, symbol);
      setList(await client.watchlists.get(list.id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return { list, error, add, remove };
}

/** Live quotes for `symbols`: a REST snapshot first, then every tick from /ws/market-data. */
export function useLiveQuotes(symbols: string[]): { quotes: Record<string, Quote>; ticks: Record<string, number>; error: unknown } {
  const { client } = useApp();
  const [quotes, setQuotes] = useState<Record<string, Quote>>({});
  const [ticks, setTicks] = useState<Record<string, number>>({});
  const [error, setError] = useState<unknown>(null);
  const key = symbols.join(',');
  useEffect(() => {
    if (!symbols.length) return;
    for (const s of symbols) client.market.getQuote(s).then((q) => setQuotes((m) => (m[s] ? m : { ...m, [s]: q })), setError);
    const stop = client.subscribe(symbols, (q) => {
      setQuotes((m) => ({ ...m, [q.symbol]: q }));
      if (!q.snapshot) setTicks((t) => ({ ...t, [q.symbol]: (t[q.symbol] ?? 0) + 1 }));
    });
    return stop;
  }, [client, key]);
  return { quotes, ticks, error };
}

function Search({ onPick }: { onPick: (symbol: string) => void }) {
  const { client } = useApp();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Schemas['SearchResultDto'][]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const term = q.trim();
    if (!term) return setResults([]);
    const t = setTimeout(() => client.market.search(term).then((r) => (setResults(r.results.slice(0, 8)), setError(null)), setError), 200);
    return () => clearTimeout(t);
  }, [q, client]);
  const pick = (s: string) => {
    onPick(s);
    setQ('');
    setResults([]);
  };
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const exact = results.find((r) => r.symbol === q.trim().toUpperCase());
        if (exact || results[0]) pick((exact ?? results[0]!).symbol);
      }}
    >
      <label>
        Search symbols
        <input type="search" value={q} list="symbol-suggestions" placeholder="e.g. apple or AAPL" onInput={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
      </label>
      <datalist id="symbol-suggestions">
        {results.map((r) => (
          <option key={r.symbol} value={r.symbol}>{`${r.name} · ${r.exchange}`}</option>
        ))}
      </datalist>
      {results.length > 0 && (
        <ul class="suggestions" aria-label="Suggestions">
          {results.map((r) => (
            <li key={r.symbol}>
              <button type="button" class="link" onClick={() => pick(r.symbol)}>
                <strong>{r.symbol}</strong> {r.name} <small class="muted">{r.sector}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
      {q.trim() && results.length === 0 && !error && <small class="muted">No matches yet…</small>}
      {error !== null && <ErrorBox error={error} title="Search failed" />}
    </form>
  );
}

function Chart({ symbol }: { symbol: string }) {
  const { client } = useApp();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('6mo');
  const [interval, setInterval] = useState<(typeof INTERVALS)[number]>('1d');
  const [data] = useAsync(() => client.market.getHistorical(symbol, { period, interval }), [symbol, period, interval]);
  return (
    <Panel
      title={`${symbol} price`}
      id="chart"
      actions={
        <div class="pickers">
          <label>
            Period
            <select value={period} onChange={(e) => setPeriod(e.currentTarget.value as typeof period)}>
              {PERIODS.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
          <label>
            Interval
            <select value={interval} onChange={(e) => setInterval(e.currentTarget.value as typeof interval)}>
              {INTERVALS.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
        </div>
      }
    >
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorBox error={data.error} title="No price history" />}
      {data.state === 'ok' && (data.data.data.length ? <PriceChart bars={data.data.data} label={`${symbol} candles and volume, ${period} at ${interval}`} /> : <Empty>No bars for this period.</Empty>)}
    </Panel>
  );
}

export function MarketScreen({ symbol }: { symbol: string | null }) {
  const { client } = useApp();
  const watchlist = useWatchlist();
  const [trend, setTrend] = useState<{ loading?: boolean; error?: unknown } | null>(null);
  const list = watchlist.list?.symbols ?? [];
  const symbols = list;
  const { quotes, ticks, error } = useLiveQuotes(symbols);
  useEffect(() => {
    if (!symbol && symbols[0]) navigate(`/market/${symbols[0]}`, { replace: true });
  }, [symbols, symbol]);
  const addTrending = async () => {
    setTrend({ loading: true });
    try {
      const t = await client.market.trending({ limit: 5 });
      await watchlist.add(t.trending.map((x) => x.symbol));
      setTrend(null);
    } catch (err) {
      setTrend({ error: err });
    }
  };

  const add = (s: string) => {
    void watchlist.add([s]);
    navigate(`/market/${s}`);
  };
  const remove = (s: string) => void watchlist.remove(s);

  return (
    <div class="grid">
      <Panel title="Watchlist" id="watchlist">
        <Search onPick={add} />
        <p><button type="button" class="ghost small" onClick={addTrending} disabled={trend?.loading}>{trend?.loading ? 'Loading trending…' : 'Add trending symbols'}</button></p>
        {trend?.error !== undefined && <ErrorBox error={trend.error} title="Trending symbols unavailable" />}
        {error !== null && <ErrorBox error={error} title="Quote failed" />}
        {watchlist.error !== null && <ErrorBox error={watchlist.error} title="Watchlist not saved" />}
        {!watchlist.list && watchlist.error === null && <Loading label="Loading your watchlist…" />}
        {watchlist.list && list.length === 0 && <Empty>Your watchlist is empty: search for a symbol to add it.</Empty>}
        {list.length > 0 && (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">Live quotes of your watchlist</caption>
              <thead>
                <tr><th scope="col">Symbol</th><th scope="col" class="num">Last</th><th scope="col" class="num">Change</th><th scope="col" class="num">Volume</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {symbols.map((s) => {
                  const q = quotes[s];
                  return (
                    <tr key={s} data-testid={`quote-${s}`} data-ticks={ticks[s] ?? 0} aria-current={s === symbol ? 'true' : undefined}>
                      <th scope="row">
                        <a href={`/market/${s}`} onClick={(e) => { e.preventDefault(); navigate(`/market/${s}`); }}>{s}</a>
                        {q?.stale && <small class="muted"> stale</small>}
                      </th>
                      <td class="num price" title={q ? dateTime(q.timestamp) : undefined}>{q ? price(q.price) : '…'}</td>
                      <td class="num">{q ? <Change value={q.change}>{signedMoney(q.change)} ({percentUnits(q.change_percent)})</Change> : '…'}</td>
                      <td class="num">{q ? compact(q.volume) : '…'}</td>
                      <td><button type="button" class="ghost small" onClick={() => remove(s)} aria-label={`Remove ${s} from the watchlist`}>✕</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {symbol ? <Chart symbol={symbol} /> : <Panel title="Price chart"><Empty>Pick a symbol to see its chart.</Empty></Panel>}
    </div>
  );
}
