import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ModelFitError, type LogForecast } from './domain/forecast';

/** A fit the augurs worker runs: log prices in, `steps` forecasts with the model's own interval at `level` out. */
export interface AugursTask {
  model: 'prophet' | 'ets';
  logs: number[];
  steps: number;
  level: number;
  /** Prophet's optimizer seed. */
  seed?: number;
  /** Prophet: add a yearly (252-session) seasonality. */
  yearly?: boolean;
}

type WorkerResult = { ok: true; point: number[]; lower: number[]; upper: number[] } | { ok: false; reason: string };

/**
 * Runs the WASM models in a worker_threads pool (piscina): the ESM-only augurs packages load there with a real
 * import(), and a fit never blocks the event loop that serves quotes, orders and ticks.
 */
export class ModelRunner {
  private readonly pool: Piscina;

  constructor(maxThreads = 1) {
    // The worker is plain ESM, the same file under src/ (tests) and dist/src/ (copied as a build asset).
    this.pool = new Piscina({ filename: join(__dirname, 'worker', 'augurs-models.mjs'), maxThreads, idleTimeout: 60_000 });
  }

  async run(task: AugursTask): Promise<LogForecast> {
    const r = (await this.pool.run(task)) as WorkerResult;
    if (!r.ok) throw new ModelFitError(r.reason);
    return { point: r.point, lower: r.lower, upper: r.upper, level: task.level };
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
