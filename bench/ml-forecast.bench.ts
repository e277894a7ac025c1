// Forecast model timings (issue 11): fit + 7-step predict on five years (1,260 sessions) of daily log closes, in
// the worker pool the API uses, and the main thread's event-loop delay while the fits run.
// Run: npm run bench:ml
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { naiveDrift } from '../src/ml/forecast/domain/naive';
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
  await runner.destroy();
  const p = (q: number) => (delay.percentile(q) / 1e6).toFixed(1);
  console.log(`Node ${process.version}, ${N} daily log closes, 7-step forecast, 80% model interval; Prophet cold start ${coldMs.toFixed(0)} ms`);
  console.log('| model | runs | min ms | median ms | max ms |\n|---|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
  console.log(`\nmain-thread event-loop delay during the fits: p50 ${p(50)} ms, p99 ${p(99)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
}

void main();
