import { useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading, Panel } from '../components/common';
import type { Schemas } from '../lib/api';
import { useApp } from '../lib/context';
import { fraction, money, percentUnits, ratio, signedMoney } from '../lib/format';

type Risk = Schemas['PortfolioRiskDto'];
type Stress = Schemas['StressTestResultDto'];

function Bars({ data, label }: { data: Record<string, number>; label: string }) {
  const entries = Object.entries(data).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return <Empty>No exposure.</Empty>;
  const max = Math.max(...entries.map(([, v]) => Math.abs(v)), 1e-9);
  return (
    <div class="table-wrap" tabIndex={0}>
    <table class="bars" aria-label={label}>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td><meter min={0} max={max} value={Math.abs(v)} aria-label={`${k} ${fraction(v)}`} /></td>
            <td class="num">{fraction(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** Correlations as a table whose cells are shaded and also carry the number. */
function Heatmap({ matrix }: { matrix: Risk['correlation_matrix'] }) {
  const keys = Object.keys(matrix);
  if (keys.length < 2) return <Empty>Correlations need at least two positions.</Empty>;
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="heat">
        <caption class="sr-only">Correlation matrix of daily returns</caption>
        <thead><tr><th scope="col"><span class="sr-only">Symbol</span></th>{keys.map((k) => <th key={k} scope="col">{k}</th>)}</tr></thead>
        <tbody>
          {keys.map((r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {keys.map((c) => {
                const v = matrix[r]?.[c] ?? 0;
                return <td key={c} class={`num heat-${Math.round(Math.max(-1, Math.min(1, v)) * 4) + 4}`}>{ratio(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RiskPanel({ portfolioId }: { portfolioId: string }) {
  const { client } = useApp();
  const [state, setState] = useState<{ risk?: Risk; stress?: Stress; riskError?: unknown; stressError?: unknown; loading: boolean } | null>(null);
  const load = async () => {
    setState({ loading: true });
    const [risk, stress] = await Promise.allSettled([
      client.risk.portfolio(portfolioId),
      client.risk.scenarios().then((s) => client.risk.stressTest({ portfolio_id: portfolioId, scenarios: s.scenarios.filter((x) => x.kind === 'historical').map((x) => x.name) })),
    ]);
    setState({
      loading: false,
      risk: risk.status === 'fulfilled' ? risk.value : undefined,
      riskError: risk.status === 'rejected' ? risk.reason : undefined,
      stress: stress.status === 'fulfilled' ? stress.value : undefined,
      stressError: stress.status === 'rejected' ? stress.reason : undefined,
    });
  };
  const r = state?.risk;
  return (
    <Panel title="Risk" id="risk" actions={<button type="button" onClick={load} disabled={state?.loading}>{state ? 'Recompute' : 'Compute risk'}</button>}>
      {!state && <Empty>Risk is computed on demand from your positions' price history.</Empty>}
      {state?.loading && <Loading label="Computing risk…" />}
      {state?.riskError !== undefined && <ErrorBox error={state.riskError} title="Risk unavailable" />}
      {r && (
        <>
          <dl class="metrics" data-testid="risk-metrics">
            <div><dt>VaR 95 %</dt><dd>{money(r.var_95)}</dd></div>
            <div><dt>VaR 99 %</dt><dd>{money(r.var_99)}</dd></div>
            <div><dt>VaR 99.9 %</dt><dd>{money(r.var_999)}</dd></div>
            <div><dt>CVaR 95 %</dt><dd>{money(r.cvar_95)}</dd></div>
            <div><dt>CVaR 99 %</dt><dd>{money(r.cvar_99)}</dd></div>
            <div><dt>Sharpe</dt><dd>{ratio(r.sharpe_ratio)}</dd></div>
            <div><dt>Sortino</dt><dd>{ratio(r.sortino_ratio)}</dd></div>
            <div><dt>Max drawdown</dt><dd>{fraction(r.max_drawdown)}</dd></div>
            <div><dt>Beta vs {r.benchmark}</dt><dd>{ratio(r.beta)}</dd></div>
            <div><dt>Volatility</dt><dd>{fraction(r.volatility)}</dd></div>
          </dl>
          <p class="muted small">{r.method} VaR, 1 day, {r.observations} observations from {r.start_date} (as of {r.as_of}).</p>
          <h3>Sector exposure</h3>
          <Bars data={r.sector_exposure} label="Sector exposure" />
          <h3>Correlation</h3>
          <Heatmap matrix={r.correlation_matrix} />
        </>
      )}
      {state?.stressError !== undefined && <ErrorBox error={state.stressError} title="Stress tests unavailable" />}
      {state?.stress && (
        <>
          <h3>Stress tests</h3>
          <div class="table-wrap" tabIndex={0}>
            <table data-testid="stress">
              <thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Index shock</th><th scope="col" class="num">P&L</th><th scope="col" class="num">P&L %</th></tr></thead>
              <tbody>
                {state.stress.results.map((s) => (
                  <tr key={s.scenario}><th scope="row">{s.title}</th><td class="num">{fraction(s.index_shock)}</td><td class="num">{signedMoney(s.pnl)}</td><td class="num">{percentUnits(s.pnl_percent)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {state.stress.skipped.length > 0 && <p class="muted small">Skipped: {state.stress.skipped.map((s) => `${s.scenario} (${s.reason})`).join(', ')}</p>}
        </>
      )}
    </Panel>
  );
}
