// Forecast model timings (issue 11): fit + 7-step predict on five years (1,260 sessions) of daily log closes, in
// the worker pool the API uses, a full evaluation of every model as the evaluation job runs it, and the main thread's
// event-loop delay during both.
// Run: npm run bench:ml
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { evaluateForecaster, summarizeEvaluation } from '../src/ml/forecast/domain/evaluation';
import { naiveDrift } from '../src/ml/forecast/domain/naive';
import { forecasterFor } from '../src/ml/forecast/forecasters';
import { BASE_MODELS, EVALUATION } from '../src/ml/forecast/models';
import { ModelRunner, type AugursTask } from '../src/ml/forecast/model-runner';
import { Rng } from '../src/quant';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const N = 1260;

function closes(seed: number): number[] {
  const rng = new Rng('ml-bench', seed);
  const out = [Math.log(150)];
  for (let t = 1; t < N; t++) out.push(out[t - 1] + 0.0003 + 0.016 * rng.normal() + 0.001 * Math.sin((2 * Math.PI * t) / 252));
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

async function main(): Promise<void> {
  const runner = new ModelRunner(1);
  const logs = closes(1);
  await runner.run({ model: 'ets', logs, steps: 7, levels: [0.8] }); // loads the WASM once (cold start reported apart)
  const cold = performance.now();
  await runner.run({ model: 'prophet', logs, steps: 7, levels: [0.8], seed: 1 });
  const coldMs = performance.now() - cold;

  const cases: Array<[string, AugursTask | null]> = [
    ['prophet (no seasonality)', { model: 'prophet', logs, steps: 7, levels: [0.8], seed: 1 }],
    ['prophet (yearly, 252 sessions)', { model: 'prophet', logs, steps: 7, levels: [0.8], seed: 1, yearly: true }],
    ['AutoETS (ZZN)', { model: 'ets', logs, steps: 7, levels: [0.8] }],
    ['ARIMA(p,1,q) + drift, 8 orders by AIC', { model: 'arima', logs, steps: 7, levels: [0.8] }],
    ['naive drift (main thread)', null],
  ];
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const rows: string[] = [];
  for (const [name, task] of cases) {
    const ms: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      if (task) await runner.run(task);
      else naiveDrift(logs, 7, [0.8]);
      ms.push(performance.now() - t0);
    }
    const s = stats(ms);
    rows.push(`| ${name} | ${RUNS} | ${s.min.toFixed(1)} | ${s.median.toFixed(1)} | ${s.max.toFixed(1)} |`);
  }
  delay.disable();
  const p = (q: number) => (delay.percentile(q) / 1e6).toFixed(1);
  const fitDelay = `p50 ${p(50)} ms, p99 ${p(99)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`;

  // A full evaluation of every model on one symbol, as the evaluation job runs it (same options, same pool), with
  // the event-loop delay of the main thread measured during it.
  const prices = logs.map(Math.exp);
  const evalDelay = monitorEventLoopDelay({ resolution: 5 });
  const evalRows: string[] = [];
  evalDelay.enable();
  const total0 = performance.now();
  for (const model of BASE_MODELS) {
    const t0 = performance.now();
    const record = await evaluateForecaster(prices, forecasterFor(model, runner), {
      origins: 20,
      horizon: EVALUATION.horizon,
      window: EVALUATION.window,
      minTrain: EVALUATION.minTrain,
      levels: EVALUATION.levels,
    });
    const ms = performance.now() - t0;
    const sum = record ? summarizeEvaluation(record, EVALUATION.horizon, EVALUATION.levels) : null;
    evalRows.push(`| ${model} | ${sum?.origins ?? 0} | ${(ms / 1000).toFixed(2)} | ${sum?.mase.toFixed(3) ?? '-'} | ${sum?.coverage.map((c) => `${c.level}: ${c.model?.toFixed(2)} / ${c.conformal?.toFixed(2) ?? '-'}`).join(', ') ?? '-'} |`);
  }
  const totalS = (performance.now() - total0) / 1000;
  evalDelay.disable();
  await runner.destroy();
  const q = (x: number) => (evalDelay.percentile(x) / 1e6).toFixed(1);
  console.log(`Node ${process.version}, ${N} daily log closes, 7-step forecast, 80% model interval; Prophet cold start ${coldMs.toFixed(0)} ms`);
  console.log('| model | runs | min ms | median ms | max ms |\n|---|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
  console.log(`\nmain-thread event-loop delay during the fits: ${fitDelay}`);
  console.log(`\nFull evaluation (20 origins, 21 steps, 80/95% intervals), all models, ${totalS.toFixed(1)} s in all`);
  console.log('| model | origins | seconds | MASE (21 steps) | coverage model / conformal |\n|---|---:|---:|---:|---|');
  console.log(evalRows.join('\n'));
  console.log(`\nmain-thread event-loop delay during the evaluation: p50 ${q(50)} ms, p99 ${q(99)} ms, max ${(evalDelay.max / 1e6).toFixed(1)} ms`);
}

void main();
