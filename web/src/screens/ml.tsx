import { useState } from 'preact/hooks';
import { LineChart } from '../components/chart';
import { Empty, ErrorBox, Loading, Panel } from '../components/common';
import type { Schemas } from '../lib/api';
import { isMissingRoute } from '../lib/availability';
import { useApp } from '../lib/context';
import { fraction, money, percentUnits, price, ratio, signedMoney } from '../lib/format';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 404 on the route itself means this server has no such endpoint: say so, never show made-up data. */
function Unavailable({ error, what }: { error: unknown; what: string }) {
  if (isMissingRoute(error)) return <p class="muted" role="status">{what} is not available on this server.</p>;
  return <ErrorBox error={error} title={`${what} failed`} />;
}

type Forecast = Schemas['PredictResultDto'];

export function ForecastPanel({ symbol }: { symbol: string }) {
  const { client } = useApp();
  const [horizon, setHorizon] = useState('7d');
  const [model, setModel] = useState<NonNullable<Schemas['PredictRequestDto']['model']>>('ets');
  const [state, setState] = useState<{ loading?: boolean; data?: Forecast; error?: unknown } | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    setState({ loading: true });
    try {
      let r = await client.ml.predict({ symbol, horizon, model });
      // A 202 answers with the job computing the forecast: poll it.
      for (let i = 0; i < 120 && 'kind' in r && r.status !== 'completed' && r.status !== 'failed'; i++) {
        await sleep(1000);
        r = await client.ml.job(r.id);
      }
      if ('kind' in r) {
        if (r.status !== 'completed' || !r.result) throw new Error(r.error ? String((r.error as { message?: string }).message) : 'The forecast job did not complete');
        r = r.result as unknown as Forecast;
      }
      setState({ data: r as Forecast });
    } catch (error) {
      setState({ error });
    }
  };
  const f = state?.data;
  return (
    <Panel title={`Forecast ${symbol}`} id="forecast">
      <form class="inline-form" onSubmit={run}>
        <label>Horizon <select value={horizon} onChange={(e) => setHorizon(e.currentTarget.value)}>{['1d', '7d', '14d', '30d'].map((h) => <option key={h}>{h}</option>)}</select></label>
        <label>Model <select value={model} onChange={(e) => setModel(e.currentTarget.value as typeof model)}>{['ets', 'arima', 'prophet', 'naive', 'ensemble'].map((m) => <option key={m}>{m}</option>)}</select></label>
        <button type="submit" disabled={state?.loading}>Forecast</button>
      </form>
      {state?.loading && <Loading label="Fitting the model…" />}
      {state?.error !== undefined && <Unavailable error={state.error} what="Forecasting" />}
      {f && (
        <>
          <LineChart label={`${symbol} forecast with its interval band`} points={f.predictions.map((p) => ({ date: p.date, value: p.predicted_price }))} extra={f.predictions.map((p) => ({ date: p.date, value: p.upper_bound }))} extra2={f.predictions.map((p) => ({ date: p.date, value: p.lower_bound }))} />
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">Date</th><th scope="col" class="num">Predicted</th><th scope="col" class="num">Lower</th><th scope="col" class="num">Upper</th></tr></thead>
              <tbody>{f.predictions.map((p) => <tr key={p.date}><th scope="row">{p.date}</th><td class="num">{price(p.predicted_price)}</td><td class="num">{price(p.lower_bound)}</td><td class="num">{price(p.upper_bound)}</td></tr>)}</tbody>
            </table>
          </div>
          <p class="muted small">
            {f.model}, trained {f.trained_from} – {f.trained_to}; {f.interval} interval.{' '}
            {f.evaluation ? `Backtested over ${f.evaluation.origins} origins: MAPE ${ratio(f.evaluation.mape)}, MASE ${ratio(f.evaluation.mase)}.` : `Evaluation ${f.evaluation_status}.`}
          </p>
        </>
      )}
    </Panel>
  );
}

type Backtest = Schemas['BacktestDto'];

export function BacktestPanel({ symbol }: { symbol: string }) {
  const { client } = useApp();
  const [strategy, setStrategy] = useState<NonNullable<Schemas['BacktestRequestDto']['strategy']>>('sma_crossover');
  const [start, setStart] = useState(() => new Date(Date.now() - 2 * 365 * 864e5).toISOString().slice(0, 10));
  const [end, setEnd] = useState(() => new Date(Date.now() - 864e5).toISOString().slice(0, 10));
  const [state, setState] = useState<{ loading?: boolean; data?: Backtest; error?: unknown } | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    setState({ loading: true });
    try {
      let b = await client.ml.backtest({ strategy, symbol, start_date: start, end_date: end, initial_capital: 100000 });
      for (let i = 0; i < 300 && (b.status === 'queued' || b.status === 'running'); i++) {
        await sleep(1000);
        b = await client.ml.getBacktest(b.id);
      }
      setState({ data: b });
    } catch (error) {
      setState({ error });
    }
  };
  const b = state?.data;
  return (
    <Panel title={`Backtest ${symbol}`} id="backtest">
      <form class="inline-form" onSubmit={run}>
        <label>Strategy <select value={strategy} onChange={(e) => setStrategy(e.currentTarget.value as typeof strategy)}>{['sma_crossover', 'momentum', 'mean_reversion', 'bollinger', 'buy_and_hold'].map((s) => <option key={s}>{s}</option>)}</select></label>
        <label>From <input type="date" value={start} onInput={(e) => setStart(e.currentTarget.value)} /></label>
        <label>To <input type="date" value={end} onInput={(e) => setEnd(e.currentTarget.value)} /></label>
        <button type="submit" disabled={state?.loading}>Run backtest</button>
      </form>
      {state?.loading && <Loading label="Running the backtest…" />}
      {state?.error !== undefined && <Unavailable error={state.error} what="Backtesting" />}
      {b && b.status === 'failed' && <p class="error" role="alert">Backtest failed: {b.error ? String((b.error as { message?: string }).message) : 'unknown error'}</p>}
      {b?.summary && b.equity_curve && (
        <>
          <dl class="metrics">
            <div><dt>Total return</dt><dd>{fraction(b.summary.total_return)}</dd></div>
            <div><dt>Benchmark</dt><dd>{fraction(b.summary.benchmark_return)}</dd></div>
            <div><dt>Sharpe</dt><dd>{ratio(b.summary.sharpe_ratio)}</dd></div>
            <div><dt>Max drawdown</dt><dd>{fraction(b.summary.max_drawdown)}</dd></div>
            <div><dt>Final equity</dt><dd>{money(b.summary.final_equity)}</dd></div>
            <div><dt>Trades</dt><dd>{b.summary.trades_count}</dd></div>
          </dl>
          <LineChart label="Equity curve (solid) against the benchmark (dashed)" points={b.equity_curve.map((p) => ({ date: p.date, value: p.equity }))} extra={b.equity_curve.filter((p) => p.benchmark_equity !== null).map((p) => ({ date: p.date, value: p.benchmark_equity! }))} />
          <LineChart label="Drawdown" points={b.equity_curve.map((p) => ({ date: p.date, value: p.drawdown * 100 }))} />
          {b.trades && b.trades.length > 0 ? (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <thead><tr><th scope="col">Entry</th><th scope="col">Exit</th><th scope="col" class="num">Qty</th><th scope="col" class="num">P&L</th><th scope="col" class="num">P&L %</th></tr></thead>
                <tbody>{b.trades.slice(0, 50).map((t, i) => <tr key={i}><td>{t.entry_date} @ {price(t.entry_price)}</td><td>{t.exit_date ? `${t.exit_date} @ ${price(t.exit_price)}` : 'open'}</td><td class="num">{t.quantity}</td><td class="num">{signedMoney(t.pnl)}</td><td class="num">{percentUnits(t.pnl_percent)}</td></tr>)}</tbody>
              </table>
            </div>
          ) : <Empty>No trades in this period.</Empty>}
        </>
      )}
    </Panel>
  );
}
