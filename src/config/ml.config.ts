import { registerAs } from '@nestjs/config';
import { bool, ConfigError, type Env, int, nodeEnvOf, str } from './env';

/** Forecasting and the ML job runner. */
export interface MlConfig {
  /** worker_threads that fit models (Prophet, ETS, ARIMA); each fit occupies one core while it runs. */
  workerThreads: number;
  /** Jobs one instance runs at once (in-process queue or BullMQ worker). */
  jobConcurrency: number;
  /** Tries a job gets when it fails unexpectedly (a crash, a lost worker); a domain error fails it at once. */
  jobAttempts: number;
  /**
   * BullMQ: how long a worker's lock on a running job lasts (renewed every half of it while the worker lives), and
   * how often workers look for jobs whose lock expired (stalled: their worker died), which are then run again.
   */
  jobLockMs: number;
  /** Rolling origins of an evaluation (all models share them, so the ensemble can be evaluated): 8–60. */
  evaluationOrigins: number;
  /** How long POST /api/ml/predict with a conformal interval waits for a pending evaluation before answering 202. */
  predictWaitMs: number;
  /** BullMQ key prefix in Redis (instances that share a prefix share the queue). */
  queuePrefix: string;
  /** Largest backtest (symbols × sessions, warm-up included) run within the request; larger ones answer 202 with a job. */
  backtestSyncMaxBars: number;
  /** Strategy documents a user may keep (deleted ones do not count); one more is 422. */
  strategyMaxPerUser: number;
  /** Symbols in a strategy's universe (and in a backtest of a document); more is 422. */
  strategyMaxSymbols: number;
  /** Deployments (active or paused) a user may have at once; one more is 422. */
  strategyMaxDeploymentsPerUser: number;
  /** Orders one deployment may place per session; beyond it a decision is logged as refused. */
  strategyMaxOrdersPerDay: number;
  /** How often the strategy runner looks at its deployments (0: never by itself; tests call `runOnce`). Off under NODE_ENV=test. */
  strategyRunnerIntervalMs: number;
  /** How long a runner's lease on a deployment lasts without renewal (the next runner may take it over then). */
  strategyLeaseMs: number;
  /** Sentiment: hours after which a news item / a social post weighs half as much (exponential decay). */
  sentimentNewsHalfLifeHours: number;
  sentimentSocialHalfLifeHours: number;
  /** Sentiment: default window of GET /api/ml/sentiment/{symbol}, in days (1–90). */
  sentimentWindowDays: number;
  /** Feeds: fetch private, loopback and link-local addresses too (tests serving fixtures from 127.0.0.1). */
  feedAllowPrivateNetworks: boolean;
  /** Feeds: deadline of one fetch (all redirects included), and the largest body read. */
  feedTimeoutMs: number;
  feedMaxBytes: number;
  /** Feeds: how often each instance looks for sources due for a poll. */
  feedTickMs: number;
  /** Feeds: the longest wait after failures (the poll period doubles per consecutive failure up to this). */
  feedMaxBackoffSeconds: number;
}

export function loadMlConfig(env: Env): MlConfig {
  return {
    workerThreads: int(env, 'ML_WORKER_THREADS', 1, 1, 64),
    jobConcurrency: int(env, 'ML_JOB_CONCURRENCY', 1, 1, 64),
    jobAttempts: int(env, 'ML_JOB_ATTEMPTS', 3, 1, 10),
    jobLockMs: int(env, 'ML_JOB_LOCK_MS', 30_000, 1000, 600_000),
    evaluationOrigins: int(env, 'ML_EVALUATION_ORIGINS', 20, 8, 60),
    predictWaitMs: int(env, 'ML_PREDICT_WAIT_MS', 60_000, 0, 600_000),
    queuePrefix: queuePrefix(str(env, 'ML_QUEUE_PREFIX') ?? 'octopus'),
    backtestSyncMaxBars: int(env, 'ML_BACKTEST_SYNC_MAX_BARS', 50_000, 0, 10_000_000),
    strategyMaxPerUser: int(env, 'STRATEGY_MAX_PER_USER', 100, 1, 100_000),
    // The backtester takes at most 100 symbols.
    strategyMaxSymbols: int(env, 'STRATEGY_MAX_SYMBOLS', 50, 1, 100),
    strategyMaxDeploymentsPerUser: int(env, 'STRATEGY_MAX_DEPLOYMENTS_PER_USER', 10, 1, 10_000),
    strategyMaxOrdersPerDay: int(env, 'STRATEGY_MAX_ORDERS_PER_DAY', 50, 1, 100_000),
    strategyRunnerIntervalMs: runnerInterval(int(env, 'STRATEGY_RUNNER_INTERVAL_MS', nodeEnvOf(env) === 'test' ? 0 : 5000, 0, 3_600_000)),
    strategyLeaseMs: int(env, 'STRATEGY_LEASE_MS', 30_000, 1000, 3_600_000),
    sentimentNewsHalfLifeHours: int(env, 'SENTIMENT_NEWS_HALF_LIFE_HOURS', 24, 1, 24 * 90),
    sentimentSocialHalfLifeHours: int(env, 'SENTIMENT_SOCIAL_HALF_LIFE_HOURS', 6, 1, 24 * 90),
    sentimentWindowDays: int(env, 'SENTIMENT_WINDOW_DAYS', 7, 1, 90),
    feedAllowPrivateNetworks: bool(env, 'FEED_ALLOW_PRIVATE_NETWORKS', false),
    feedTimeoutMs: int(env, 'FEED_TIMEOUT_MS', 10_000, 100, 120_000),
    feedMaxBytes: int(env, 'FEED_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    feedTickMs: int(env, 'FEED_TICK_MS', 10_000, 50, 600_000),
    feedMaxBackoffSeconds: int(env, 'FEED_MAX_BACKOFF_SECONDS', 6 * 3600, 60, 7 * 24 * 3600),
  };
}

function runnerInterval(ms: number): number {
  if (ms > 0 && ms < 100) throw new ConfigError('STRATEGY_RUNNER_INTERVAL_MS', `must be 0 (off) or at least 100, got ${ms}`);
  return ms;
}

function queuePrefix(v: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(v)) throw new ConfigError('ML_QUEUE_PREFIX', `must be 1–64 letters, digits, _ . or -, got "${v}"`);
  return v;
}

export const mlConfig = registerAs('ml', () => loadMlConfig(process.env));
