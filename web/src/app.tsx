import type { OctopusTrading } from '@octopus/trading-sdk';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createClient, type NotificationMessage } from './lib/api';
import { connectionSummary, type ChannelStatus } from './lib/connection';
import { Ctx, type Toast } from './lib/context';
import { dateTime, money, price } from './lib/format';
import { linkClick, navigate, useRoute } from './lib/router';
import { MarketClock } from './screens/clock';
import { LoginScreen } from './screens/login';
import { MarketScreen } from './screens/market';
import { PortfoliosScreen } from './screens/portfolios';
import { PortfolioScreen } from './screens/portfolio';
import { AlertsScreen } from './screens/alerts';

type Theme = 'light' | 'dark';

function initialTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function App() {
  const [session, setSession] = useState<{ client: OctopusTrading; email: string } | null>(null);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [channels, setChannels] = useState<Record<string, ChannelStatus>>({});
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notes, setNotes] = useState<Array<NotificationMessage & { received: string }>>([]);
  const [unread, setUnread] = useState(0);
  const [drawer, setDrawer] = useState(false);
  const nextId = useRef(1);
  const route = useRoute();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const toast = (text: string, kind: Toast['kind'] = 'info') => {
    const id = nextId.current++;
    setToasts((t) => [...t.slice(-4), { id, text, kind }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  };

  const signIn = async (email: string, password: string, register: boolean) => {
    const client = createClient((channel, status) => setChannels((c) => ({ ...c, [channel]: status })));
    if (register) await client.auth.register({ email, password });
    await client.auth.login(email, password);
    setSession({ client, email });
  };

  useEffect(() => {
    if (!session) return;
    const { client } = session;
    const offOrders = client.onOrderUpdate((e) => {
      const o = e.order;
      const what = `${o.side} ${o.quantity} ${o.symbol} (${o.order_type.replace('_', ' ')})`;
      const fill = e.fill ? ` at ${money(e.fill.price)}` : '';
      toast(`Order ${e.event.replace('_', ' ')}: ${what}${fill}`, e.event === 'rejected' ? 'error' : e.event === 'fill' ? 'success' : 'info');
    });
    const offNotes = client.onNotification((n) => {
      setNotes((list) => [{ ...n, received: new Date().toISOString() }, ...list].slice(0, 100));
      setUnread((u) => u + 1);
    });
    return () => {
      offOrders();
      offNotes();
    };
  }, [session]);

  const logout = async () => {
    if (!session) return;
    try {
      await session.client.auth.logout();
    } catch {
      // The tokens are dropped below either way; a failed logout only leaves the refresh token to expire.
    }
    session.client.close();
    setSession(null);
    setChannels({});
    setNotes([]);
    setUnread(0);
    navigate('/');
  };

  const themeToggle = (
    <button type="button" class="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );

  if (!session) {
    return (
      <div class="shell">
        <header class="top">
          <span class="brand">Octopus</span>
          <span class="spacer" />
          {themeToggle}
        </header>
        <main id="main">
          <LoginScreen onSubmit={signIn} />
        </main>
      </div>
    );
  }

  const conn = connectionSummary(channels);
  const nav = [
    { href: '/market', label: 'Market', active: route.name === 'market' },
    { href: '/portfolios', label: 'Portfolios', active: route.name === 'portfolios' || route.name === 'portfolio' },
    { href: '/alerts', label: 'Alerts', active: route.name === 'alerts' },
  ];

  return (
    <Ctx.Provider value={{ client: session.client, email: session.email, toast, theme }}>
      <div class="shell">
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">Octopus</span>
          <nav aria-label="Main">
            {nav.map((n) => (
              <a key={n.href} href={n.href} onClick={linkClick} aria-current={n.active ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
          <span class="spacer" />
          <MarketClock />
          <span class={`conn ${conn.ok ? 'ok' : 'bad'}`} role="status" aria-live="polite" data-testid="connection">
            {conn.label}
          </span>
          <button type="button" class="ghost" aria-expanded={drawer} aria-controls="notifications" onClick={() => { setDrawer(!drawer); setUnread(0); }}>
            Notifications{unread ? ` (${unread} new)` : ''}
          </button>
          {themeToggle}
          <button type="button" class="ghost" onClick={logout} title={session.email}>
            Log out
          </button>
        </header>
        {drawer && (
          <aside id="notifications" class="drawer" aria-label="Notifications">
            <header class="panel-head">
              <h2>Notifications</h2>
              <button type="button" class="ghost" onClick={() => setDrawer(false)}>Close</button>
            </header>
            {notes.length === 0 ? (
              <p class="muted">No notifications yet. Price alerts and order events appear here as they happen.</p>
            ) : (
              <ul class="notes">
                {notes.map((n, i) => (
                  <li key={i}>
                    <strong>{String(n.title ?? (n.type === 'alert' ? `Alert: ${String(n.symbol ?? '')}` : n.kind ?? 'Notification'))}</strong>
                    {n.type === 'alert' ? (
                      <div>{`${String(n.condition).replace('_', ' ')} ${price(Number(n.threshold))}: price ${price(Number(n.price))}`}</div>
                    ) : n.message ? (
                      <div>{String(n.message)}</div>
                    ) : null}
                    <div><small class="muted">{dateTime(String(n.triggered_at ?? n.timestamp ?? n.received))}</small></div>
                  </li>
                ))}
              </ul>
            )}
          </aside>
        )}
        <main id="main" tabIndex={-1}>
          <h1 class="sr-only">{{ market: 'Market', portfolios: 'Portfolios', portfolio: 'Portfolio', alerts: 'Alerts' }[route.name]}</h1>
          {route.name === 'market' && <MarketScreen symbol={route.symbol} />}
          {route.name === 'portfolios' && <PortfoliosScreen />}
          {route.name === 'portfolio' && <PortfolioScreen id={route.id} />}
          {route.name === 'alerts' && <AlertsScreen />}
        </main>
        <footer class="foot muted">
          {/* lightweight-charts' own logo injects an inline <style>, which the page's CSP refuses: the attribution its licence asks for is here instead. */}
          Charts by <a href="https://www.tradingview.com/">TradingView</a> Lightweight Charts™ (Apache-2.0). Paper trading only.
        </footer>
        <div class="toasts" role="status" aria-live="polite" aria-label="Order updates">
          {toasts.map((t) => (
            <div key={t.id} class={`toast ${t.kind}`}>{t.text}</div>
          ))}
        </div>
      </div>
    </Ctx.Provider>
  );
}
