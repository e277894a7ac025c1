import { useState } from 'preact/hooks';
import { Change, Empty, ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { useApp } from '../lib/context';
import { money, percentUnits, signedMoney } from '../lib/format';
import { linkClick, navigate } from '../lib/router';

function CreatePortfolio({ onCreated }: { onCreated: (id: string) => void }) {
  const { client } = useApp();
  const [name, setName] = useState('');
  const [cash, setCash] = useState('100000');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await client.portfolios.create({ name: name.trim(), initial_cash: Number(cash) });
      onCreated(p.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label="Create a portfolio">
      <label>
        Name
        <input name="name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Initial cash (USD)
        <input name="initial_cash" type="number" inputMode="decimal" min="0" step="0.01" required value={cash} onInput={(e) => setCash(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create portfolio'}</button>
      {error !== null && <ErrorBox error={error} title="Could not create the portfolio" />}
    </form>
  );
}

export function PortfoliosScreen() {
  const { client } = useApp();
  const [list] = useAsync(() => client.portfolios.list(), [client]);
  return (
    <div class="stack">
      <Panel title="New portfolio">
        <CreatePortfolio onCreated={(id) => navigate(`/portfolios/${id}`)} />
      </Panel>
      <Panel title="Portfolios">
        {list.state === 'loading' && <Loading />}
        {list.state === 'error' && <ErrorBox error={list.error} title="Could not load portfolios" />}
        {list.state === 'ok' && list.data.length === 0 && <Empty>No portfolios yet: create one above.</Empty>}
        {list.state === 'ok' && list.data.length > 0 && (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr><th scope="col">Name</th><th scope="col" class="num">Total value</th><th scope="col" class="num">Cash</th><th scope="col" class="num">Day change</th><th scope="col" class="num">Positions</th></tr>
              </thead>
              <tbody>
                {list.data.map((p) => (
                  <tr key={p.id}>
                    <th scope="row"><a href={`/portfolios/${p.id}`} onClick={linkClick}>{p.name}</a></th>
                    <td class="num">{money(p.total_value)}</td>
                    <td class="num">{money(p.cash_balance)}</td>
                    <td class="num"><Change value={p.day_change}>{signedMoney(p.day_change)} ({percentUnits(p.day_change_percent)})</Change></td>
                    <td class="num">{p.positions_count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
