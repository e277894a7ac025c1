// Worker-thread adapter to the augurs WASM models (ESM-only, so loaded here with a real import(), off the event
// loop). Input and output are log prices; intervals are the models' own at `level`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const augursDir = dirname(fileURLToPath(import.meta.resolve('@bsull/augurs/prophet')));
let loaded = null;

async function load() {
  if (loaded) return loaded;
  const prophet = await import('@bsull/augurs/prophet');
  prophet.initSync({ module: readFileSync(join(augursDir, 'prophet_bg.wasm')) });
  const ets = await import('@bsull/augurs/ets');
  ets.initSync({ module: readFileSync(join(augursDir, 'ets_bg.wasm')) });
  const { optimizer } = await import('@bsull/augurs-prophet-wasmstan');
  loaded = { prophet, ets, optimizer };
  return loaded;
}

const DAY_S = 86400;

function fitProphet(m, { logs, steps, level, seed, yearly }) {
  // Trading-day index as the time axis (one "day" per session): weekly seasonality off, yearly as 252 sessions.
  const ds = logs.map((_, t) => t * DAY_S);
  const model = new m.prophet.Prophet({
    optimizer: m.optimizer,
    intervalWidth: level,
    uncertaintySamples: 500,
    weeklySeasonality: { type: 'manual', enabled: false },
    dailySeasonality: { type: 'manual', enabled: false },
    yearlySeasonality: { type: 'manual', enabled: false },
  });
  if (yearly) model.addSeasonality('yearly', { period: 252, fourierOrder: 6 });
  model.fit({ ds, y: logs }, { seed });
  const future = { ds: Array.from({ length: steps }, (_, k) => (logs.length + k) * DAY_S) };
  const p = model.predict(future).yhat;
  model.free();
  if (!p.intervals) throw new Error('Prophet returned no intervals');
  return { point: p.point, lower: p.intervals.lower, upper: p.intervals.upper };
}

function fitEts(m, { logs, steps, level }) {
  const model = new m.ets.AutoETS(1, 'ZZN');
  model.fit(logs);
  const f = model.predict(steps, level);
  model.free();
  if (!f.intervals) throw new Error('AutoETS returned no intervals');
  return { point: f.point, lower: f.intervals.lower, upper: f.intervals.upper };
}

/** piscina task: { model: 'prophet' | 'ets', logs, steps, level, seed?, yearly? } → { ok, point, lower, upper } | { ok: false, reason } */
export default async function run(task) {
  const m = await load();
  try {
    const out = task.model === 'prophet' ? fitProphet(m, task) : task.model === 'ets' ? fitEts(m, task) : null;
    if (!out) return { ok: false, reason: `unknown model ${task.model}` };
    const finite = [...out.point, ...out.lower, ...out.upper].every(Number.isFinite);
    if (!finite) return { ok: false, reason: `${task.model} produced non-finite values` };
    return { ok: true, ...out };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
