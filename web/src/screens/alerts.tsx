import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { OctopusError, type Schemas } from '../lib/api';
import { useApp } from '../lib/context';
import { dateTime, price } from '../lib/format';

async function all<T>(it: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function AlertsScreen() {
  const { client, toast } = useApp();
  const [alerts, reload] = useAsync(() => all(client.alerts.list()), [client]);
  const [form, setForm] = useState<{ symbol: string; condition: Schemas['CreateAlertDto']['condition']; threshold: string; repeat: boolean }>({ symbol: 'AAPL', condition: 'above', threshold: '', repeat: false });
  const [error, setError] = useState<unknown>(null);
  // A fired alert changes its status and last trigger: reload the list when one arrives.
  useEffect(() => client.onNotification((n) => n.type === 'alert' && reload()), [client]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await client.alerts.create({ symbol: form.symbol.trim().toUpperCase(), condition: form.condition, threshold: Number(form.threshold), repeat: form.repeat });
      toast(`Alert set on ${form.symbol.toUpperCase()}`, 'success');
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (a: Schemas['AlertDto']) => {
    try {
      await client.alerts.delete(a.id);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const field = error instanceof OctopusError ? (error.details as { field?: string } | null)?.field : undefined;
  return (
    <div class="stack">
      <Panel title="New price alert">
        <form class="inline-form" onSubmit={submit}>
          <label>Symbol <input name="symbol" required value={form.symbol} onInput={(e) => setForm({ ...form, symbol: e.currentTarget.value })} aria-invalid={field === 'symbol' || undefined} /></label>
          <label>
            Condition
            <select value={form.condition} onChange={(e) => setForm({ ...form, condition: e.currentTarget.value as typeof form.condition })}>
              <option value="above">Price above</option>
              <option value="below">Price below</option>
              <option value="percent_change">Day change beyond ± %</option>
            </select>
          </label>
          <label>Threshold <input name="threshold" inputMode="decimal" required value={form.threshold} onInput={(e) => setForm({ ...form, threshold: e.currentTarget.value })} aria-invalid={field === 'threshold' || undefined} /></label>
          <label class="check"><input type="checkbox" checked={form.repeat} onChange={(e) => setForm({ ...form, repeat: e.currentTarget.checked })} /> Repeat</label>
          <button type="submit">Create alert</button>
        </form>
        {error !== null && <ErrorBox error={error} title={field ? `Check ${field}` : 'Alert refused'} />}
      </Panel>
      <Panel title="Alerts">
        {alerts.state === 'loading' && <Loading />}
        {alerts.state === 'error' && <ErrorBox error={alerts.error} title="Could not load alerts" />}
        {alerts.state === 'ok' && (alerts.data.length === 0 ? <Empty>No alerts. Triggered alerts show up in the notifications drawer.</Empty> : (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">Alert</th><th scope="col">Status</th><th scope="col">Last triggered</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>{alerts.data.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.symbol} {a.condition.replace('_', ' ')} {price(a.threshold)}{a.repeat ? ' (repeats)' : ''}</th>
                  <td>{a.status}</td>
                  <td>{a.last_triggered_at ? `${dateTime(a.last_triggered_at)} at ${price(a.last_triggered_price)}` : '—'}</td>
                  <td><button type="button" class="ghost small" onClick={() => remove(a)} aria-label={`Delete alert on ${a.symbol}`}>Delete</button></td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ))}
      </Panel>
    </div>
  );
}
