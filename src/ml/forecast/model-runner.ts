import { join } from 'node:path';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { ModelFitError, type LogForecast } from './domain/forecast';

/** A fit the model worker runs: log prices in, `steps` forecasts with the model's own interval at each level out. */
export interface AugursTask {
  model: 'prophet' | 'ets' | 'arima';
  logs: number[];
  steps: number;
  levels: number[];
  /** Prophet's optimizer seed. */
  seed?: number;
  /** Prophet: add a yearly (252-session) seasonality. */
  yearly?: boolean;
}

type WorkerResult =
  | { ok: true; point: number[]; intervals: Array<{ lower: number[]; upper: number[] }>; detail: Record<string, unknown> }
  | { ok: false; reason: string };

/**
 * Runs the WASM models (augurs Prophet and AutoETS, the `arima` package) in a worker_threads pool (piscina): the
 * ESM-only augurs packages load there with a real import(), and a fit never blocks the event loop that serves
 * quotes, orders and ticks.
 */
export class ModelRunner implements OnApplicationShutdown {
  private readonly pool: Piscina;

  constructor(maxThreads = 1) {
    // The worker is plain ESM, the same file under src/ (tests) and dist/src/ (copied as a build asset).
    this.pool = new Piscina({ filename: join(__dirname, 'worker', 'model-worker.mjs'), maxThreads, idleTimeout: 60_000 });
  }

  async run(task: AugursTask): Promise<LogForecast> {
    const r = (await this.pool.run(task)) as WorkerResult;
    if (!r.ok) throw new ModelFitError(r.reason);
    return { point: r.point, intervals: r.intervals.map((i, l) => ({ level: task.levels[l], ...i })), detail: r.detail };
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }

  /** After every onModuleDestroy, so jobs still finishing (the in-process queue drains on destroy) keep their pool. */
  onApplicationShutdown(): Promise<void> {
    return this.destroy();
  }
}
