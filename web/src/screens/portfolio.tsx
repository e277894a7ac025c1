import { useEffect, useState } from 'preact/hooks';
import { LineChart } from '../components/chart';
import { Change, Empty, ErrorBox, Loading, Panel, useAsync } from '../components/common';
import type { Schemas } from '../lib/api';
import { useApp } from '../lib/context';
import { dateTime, money, percentUnits, price, quantity, signedMoney } from '../lib/format';
import { linkClick } from '../lib/router';
import { useLiveQuotes } from './market';
import { BacktestPanel, ForecastPanel } from './ml';
import { RiskPanel } from './risk';
import { OrderTicket } from './ticket';

type Detail = Schemas['PortfolioDetailDto'];
type Order = Schemas['OrderDto'];

async function collect<T>(it: AsyncGenerator<T>, max: number): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

function Positions({ positions }: { positions: Schemas['PositionDto'][] }) {
  if (!positions.length) return <Empty>No positions yet: place an order with the ticket.</Empty>;
  return (
    <div class="table-wrap" tabIndex={0}>
      <table data-testid="positions">
        <caption class="sr-only">Positions, updated live</caption>
        <thead>
          <tr><th scope="col">Symbol</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Avg cost</th><th scope="col" class="num">Price</th><th scope="col" class="num">Value</th><th scope="col" class="num">Unrealized P&L</th><th scope="col" class="num">Day</th><th scope="col" class="num">Weight</th></tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <tr key={p.id} data-symbol={p.symbol}>
              <th scope="row">{p.symbol}</th>
              <td class="num">{quantity(p.quantity)}</td>
              <td class="num">{price(p.avg_cost)}</td>
              <td class="num">{price(p.current_price)}</td>
              <td class="num">{money(p.market_value)}</td>
              <td class="num"><Change value={p.unrealized_pnl}>{signedMoney(p.unrealized_pnl)} ({percentUnits(p.unrealized_pnl_percent)})</Change></td>
              <td class="num"><Change value={p.day_change}>{signedMoney(p.day_change)}</Change></td>
              <td class="num">{percentUnits(p.weight, undefined, false)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OpenOrders({ orders, onCancel }: { orders: Order[]; onCancel: (o: Order) => void }) {
  if (!orders.length) return <Empty>No open orders.</Empty>;
  return (
    <div class="table-wrap" tabIndex={0}>
      <table data-testid="open-orders">
        <thead><tr><th scope="col">Order</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Limit / stop</th><th scope="col">Status</th><th scope="col">TIF</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} data-order={o.id}>
              <th scope="row">{o.side} {o.symbol} <small class="muted">{o.order_type.replace('_', ' ')}</small></th>
              <td class="num">{quantity(o.filled_quantity)} / {quantity(o.quantity)}</td>
              <td class="num">{o.price !== null ? price(o.price) : ''}{o.stop_price !== null ? ` stop ${price(o.stop_price)}` : ''}</td>
              <td>{o.status.replace('_', ' ')}</td>
              <td>{o.time_in_force.toUpperCase()}</td>
              <td><button type="button" class="ghost small" onClick={() => onCancel(o)} aria-label={`Cancel ${o.side} ${o.quantity} ${o.symbol}`}>Cancel</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PortfolioScreen({ id }: { id: string }) {
  const { client, toast } = useApp();
  const [detail, reload, patch] = useAsync<Detail>(() => client.portfolios.get(id), [id, client]);
  const [orders, reloadOrders] = useAsync(() => collect(client.orders.list({ status: 'open', portfolio_id: id }), 200), [id, client]);
  const [activity, reloadActivity] = useAsync(async () => {
    const [fills, cash, nav] = await Promise.all([collect(client.portfolios.fills(id), 50), collect(client.portfolios.transactions(id), 50), client.portfolios.history(id)]);
    return { fills, cash, nav: nav.history };
  }, [id, client]);
  const [symbol, setSymbol] = useState('AAPL');
  const { quotes } = useLiveQuotes(/^[A-Z][A-Z0-9.\-]{0,9}$/.test(symbol) ? [symbol] : []);
  const [cancelError, setCancelError] = useState<unknown>(null);

  // Valuations pushed over /ws/portfolio/{id}; order events refresh the open orders and the ledger.
  useEffect(() => {
    const offPortfolio = client.onPortfolio(id, (v) => patch((d) => ({ ...d, ...v, positions: v.positions, description: d.description, name: d.name })));
    const offOrders = client.onOrderUpdate((e) => {
      if (e.portfolio_id !== id) return;
      reloadOrders();
      if (e.fill) {
        reload();
        reloadActivity();
      }
    });
    return () => {
      offPortfolio();
      offOrders();
    };
  }, [id, client]);

  const cancel = async (o: Order) => {
    setCancelError(null);
    try {
      await client.orders.cancel(o.id);
      toast(`Canceled ${o.side} ${o.quantity} ${o.symbol}`);
      reloadOrders();
      reload();
    } catch (err) {
      setCancelError(err);
    }
  };

  if (detail.state === 'loading') return <Loading />;
  if (detail.state === 'error') return <ErrorBox error={detail.error} title="Could not load the portfolio" />;
  const p = detail.data;
  return (
    <div class="stack">
      <p><a href="/portfolios" onClick={linkClick}>← All portfolios</a></p>
      <Panel title={p.name} id="summary">
        {p.description && <p class="muted">{p.description}</p>}
        <dl class="metrics" data-testid="summary">
          <div><dt>Total value</dt><dd data-testid="total-value">{money(p.total_value)}</dd></div>
          <div><dt>Cash</dt><dd>{money(p.cash_balance)}</dd></div>
          <div><dt>Buying power</dt><dd>{money(p.buying_power)}</dd></div>
          <div><dt>Day change</dt><dd><Change value={p.day_change}>{signedMoney(p.day_change)} ({percentUnits(p.day_change_percent)})</Change></dd></div>
          <div><dt>Realized P&L</dt><dd><Change value={p.realized_pnl}>{signedMoney(p.realized_pnl)}</Change></dd></div>
        </dl>
      </Panel>
      <div class="grid">
        <Panel title="Positions" id="positions">
          <Positions positions={p.positions} />
        </Panel>
        <Panel title="Order ticket" id="ticket">
          <OrderTicket portfolioId={id} buyingPower={p.buying_power} lastPrice={quotes[symbol]?.price ?? null} symbol={symbol} onSymbol={setSymbol} onPlaced={() => { reloadOrders(); reload(); }} />
          {quotes[symbol] && <p class="muted small">{symbol} last {price(quotes[symbol]!.price)} · bid {price(quotes[symbol]!.bid)} · ask {price(quotes[symbol]!.ask)}</p>}
        </Panel>
      </div>
      <Panel title="Open orders" id="orders">
        {cancelError !== null && <ErrorBox error={cancelError} title="Could not cancel" />}
        {orders.state === 'loading' && <Loading />}
        {orders.state === 'error' && <ErrorBox error={orders.error} title="Could not load orders" />}
        {orders.state === 'ok' && <OpenOrders orders={orders.data} onCancel={cancel} />}
      </Panel>
      <div class="grid">
        <Panel title="NAV history" id="nav">
          {activity.state === 'loading' && <Loading />}
          {activity.state === 'error' && <ErrorBox error={activity.error} title="Could not load history" />}
          {activity.state === 'ok' && (activity.data.nav.length > 1 ? <LineChart label="Net asset value by day" points={activity.data.nav.map((n) => ({ date: n.date, value: n.total_value }))} /> : <Empty>The NAV history starts after the first market close.</Empty>)}
        </Panel>
        <Panel title="Fills" id="fills">
          {activity.state === 'ok' && (activity.data.fills.length ? (
            <div class="table-wrap" tabIndex={0}>
              <table data-testid="fills">
                <thead><tr><th scope="col">Time</th><th scope="col">Fill</th><th scope="col" class="num">Price</th><th scope="col" class="num">Commission</th></tr></thead>
                <tbody>{activity.data.fills.map((f) => <tr key={f.id}><td>{dateTime(f.created_at)}</td><th scope="row">{f.side} {quantity(f.quantity)} {f.symbol}</th><td class="num">{price(f.price)}</td><td class="num">{money(f.commission)}</td></tr>)}</tbody>
              </table>
            </div>
          ) : <Empty>No fills yet.</Empty>)}
        </Panel>
      </div>
      <Panel title="Cash ledger" id="ledger">
        {activity.state === 'ok' && (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Balance</th><th scope="col">Description</th></tr></thead>
              <tbody>{activity.data.cash.map((t) => <tr key={t.id}><td>{dateTime(t.created_at)}</td><td>{t.type.replace('_', ' ')}</td><td class="num">{signedMoney(t.amount)}</td><td class="num">{money(t.balance_after)}</td><td>{t.description ?? (t.symbol ? `${t.symbol} ${quantity(t.quantity)} @ ${price(t.price)}` : '')}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </Panel>
      <RiskPanel portfolioId={id} />
      <div class="grid">
        <ForecastPanel symbol={symbol} />
        <BacktestPanel symbol={symbol} />
      </div>
    </div>
  );
}
