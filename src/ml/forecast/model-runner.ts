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
 *
 * The pool (and its thread) is started by the first fit, not by the constructor: an app whose start fails after its
 * providers were built (e.g. a second server refused by the embedded database lock) is never closed, so nothing
 * would destroy a pool made there, and a live pool can keep the process from exiting (under jest, piscina never
 * sees its workers' "ready" message — a cross-realm `instanceof Object` — so their ports stay referenced).
 */
export class ModelRunner implements OnApplicationShutdown {
  private pool: Piscina | null = null;
  private closed = false;

  constructor(private readonly maxThreads = 1) {}

  async run(task: AugursTask): Promise<LogForecast> {
    const r = (await this.startedPool().run(task)) as WorkerResult;
    if (!r.ok) throw new ModelFitError(r.reason);
    return { point: r.point, intervals: r.intervals.map((i, l) => ({ level: task.levels[l], ...i })), detail: r.detail };
  }

  /** Ends the pool's threads; later fits are refused (a closed runner never starts a new pool). */
  async destroy(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  /** After every onModuleDestroy, so jobs still finishing (the in-process queue drains on destroy) keep their pool. */
  onApplicationShutdown(): Promise<void> {
    return this.destroy();
  }

  private startedPool(): Piscina {
    if (this.closed) throw new Error('The model runner is closed');
    // The worker is plain ESM, the same file under src/ (tests) and dist/src/ (copied as a build asset).
    this.pool ??= new Piscina({ filename: join(__dirname, 'worker', 'model-worker.mjs'), maxThreads: this.maxThreads, idleTimeout: 60_000 });
    return this.pool;
  }
}
