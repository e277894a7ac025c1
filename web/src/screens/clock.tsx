import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../lib/api';
import { useApp } from '../lib/context';
import { until } from '../lib/format';

/** Open/closed and the next session change, re-read from the API every minute. */
export function MarketClock() {
  const { client } = useApp();
  const [clock, setClock] = useState<Schemas['MarketClockDto'] | null>(null);
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let live = true;
    const load = () => client.market.clock().then((c) => live && (setClock(c), setFailed(false)), () => live && setFailed(true));
    load();
    const poll = setInterval(load, 60_000);
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => {
      live = false;
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [client]);
  if (failed) return <span class="clock muted">Market clock unavailable</span>;
  if (!clock) return <span class="clock muted">…</span>;
  if (clock.trading_hours === 'always') return <span class="clock open" data-testid="clock">Market open (24/7 simulation)</span>;
  return (
    <span class={`clock ${clock.is_open ? 'open' : 'closed'}`} data-testid="clock">
      {clock.is_open ? `Market open · closes ${until(clock.next_close, now)}` : `Market closed · opens ${until(clock.next_open, now)}`}
    </span>
  );
}
