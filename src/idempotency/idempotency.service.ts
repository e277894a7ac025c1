import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, ConflictError, ValidationFailedError } from '../common/errors/app-error';
import { ReplayedError, RequestInProgressError } from './errors';
import { ERROR_NAMES, ErrorName } from '../common/errors/error-codes';

/** Keys are kept this long; a retry after that runs the request again. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** An in-progress claim older than this belongs to a crashed request and may be taken over. */
const LEASE_SECONDS = 30;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's hold on its key. `complete` runs inside the request's own transaction, so the stored response
 * commits with the work or not at all; a lease lost to a takeover makes it throw and the work roll back.
 */
export interface IdempotencyClaim {
  complete(m: EntityManager, status: number, body: unknown): Promise<void>;
}

export class Claim implements IdempotencyClaim {
  completed = false;

  constructor(
    readonly id: string,
    readonly token: string,
  ) {}

  async complete(m: EntityManager, status: number, body: unknown): Promise<void> {
    const rows: unknown[] = await m.query(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_body = $4, lock_token = NULL, locked_until = NULL
       WHERE id = $1 AND lock_token = $2 RETURNING id`,
      [this.id, this.token, status, JSON.stringify(body)],
    );
    // A retry took the key over after this request's lease ran out (it was that slow): the retry's answer is the
    // key's. This work rolls back, and its client is told to ask again — it will get the retry's stored answer.
    if (!rows.length) throw new RequestInProgressError(1);
    this.completed = true;
  }
}

export interface RequestFingerprint {
  method: string;
  route: string;
  body: unknown;
}

export interface IdempotentResult<T> {
  body: T;
  /** True when the stored first response was returned instead of running the request. */
  replayed: boolean;
}

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function requestHash(f: RequestFingerprint): string {
  return createHash('sha256').update(`${f.method} ${f.route}\n${canonicalJson(f.body)}`).digest('hex');
}

interface KeyRow {
  id: string;
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  expired: boolean;
  leased: boolean;
  lease_left: number | null;
}

/**
 * `Idempotency-Key` handling (Stripe's model): the first request with a key runs and its response (success or a
 * 4xx refusal) is stored for 24 h; a retry with the same key and body gets that response, with a different body
 * 409 `IdempotencyKeyReuse`, while the first is still running 409 `RequestInProgress`. A 5xx or crash stores
 * nothing, so the retry runs again — safe because the work's own transaction completes the key.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  static validateKey(key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', code: 'INVALID_FORMAT', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' },
      ]);
    }
    return key;
  }

  async execute<T>(
    userId: string,
    key: string | undefined,
    fingerprint: RequestFingerprint,
    work: (claim: IdempotencyClaim | null) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    if (key === undefined) return { body: await work(null), replayed: false };
    const hash = requestHash(fingerprint);
    const claimed = await this.claim(userId, key, hash);
    if (!(claimed instanceof Claim)) return this.replay<T>(claimed);
    try {
      const body = await work(claimed);
      // The work completes the key in its own transaction with its final answer; this is the fallback.
      if (!claimed.completed) await this.db.transaction((m) => claimed.complete(m, 201, body));
      return { body, replayed: false };
    } catch (err) {
      await this.settleFailure(claimed, err);
      throw err;
    }
  }

  private replay<T>(row: KeyRow): IdempotentResult<T> {
    const status = row.response_status ?? 500;
    if (status >= 400) {
      const stored = (row.response_body ?? {}) as { error?: string; message?: string; details?: Record<string, unknown> | null };
      const name = (stored.error && stored.error in ERROR_NAMES ? stored.error : 'InternalError') as ErrorName;
      throw new ReplayedError(name, stored.message ?? 'Request failed', stored.details ?? null);
    }
    return { body: row.response_body as T, replayed: true };
  }

  /** Refusals are part of the answer and are kept; server errors are not, so the client's retry runs again. */
  private async settleFailure(claim: Claim, err: unknown): Promise<void> {
    if (claim.completed) return;
    if (err instanceof AppError && err.status < 500) {
      const body = { error: err.errorName, message: err.message, details: err.details };
      await this.db.query(
        `UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_body = $4, lock_token = NULL, locked_until = NULL
         WHERE id = $1 AND lock_token = $2`,
        [claim.id, claim.token, err.status, JSON.stringify(body)],
      );
    } else {
      await this.release(claim);
    }
  }

  /**
   * Frees the key of a request that failed with a 5xx so its retry runs at once. When the failure was the database
   * going away the release fails too: it is retried in the background (backing off) until it lands or the lease
   * would have ended anyway, so a client retrying after an outage is not told 409 for the rest of the lease.
   */
  private async release(claim: Claim, attempt = 0): Promise<void> {
    try {
      await this.db.query(`DELETE FROM idempotency_keys WHERE id = $1 AND lock_token = $2`, [claim.id, claim.token]);
    } catch (e) {
      const delay = Math.min(4000, 250 * 2 ** attempt);
      if (attempt === 0) this.logger.warn({ err: (e as Error).message, key_id: claim.id }, 'could not release an idempotency key; retrying in the background');
      if ((attempt + 1) * 4000 < LEASE_SECONDS * 1000) setTimeout(() => void this.release(claim, attempt + 1), delay).unref();
    }
  }

  private async claim(userId: string, key: string, hash: string): Promise<Claim | KeyRow> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const token = randomUUID();
      const inserted: { id: string }[] = await this.db.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status, lock_token, locked_until, expires_at)
         VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(secs => $5), now() + make_interval(hours => $6))
         ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
        [userId, key, hash, token, LEASE_SECONDS, IDEMPOTENCY_TTL_HOURS],
      );
      if (inserted.length) return new Claim(inserted[0].id, token);
      const [row]: KeyRow[] = await this.db.query(
        `SELECT id, request_hash, status, response_status, response_body, expires_at <= now() AS expired,
                (locked_until IS NOT NULL AND locked_until > now()) AS leased,
                GREATEST(1, ceil(extract(epoch FROM locked_until - now())))::int AS lease_left
         FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (!row) continue;
      if (row.expired) {
        await this.db.query('DELETE FROM idempotency_keys WHERE id = $1 AND expires_at <= now()', [row.id]);
        continue;
      }
      if (row.request_hash !== hash) {
        throw new ConflictError('This Idempotency-Key was used with a different request', 'IdempotencyKeyReuse');
      }
      if (row.status === 'completed') return row;
      if (row.leased) throw new RequestInProgressError(row.lease_left ?? 1);
      // The first request died without finishing: take its key over.
      const taken: { id: string }[] = await this.db.query(
        `UPDATE idempotency_keys SET lock_token = $2, locked_until = now() + make_interval(secs => $3)
         WHERE id = $1 AND status = 'in_progress' AND (locked_until IS NULL OR locked_until <= now()) RETURNING id`,
        [row.id, token, LEASE_SECONDS],
      );
      if (taken.length) return new Claim(row.id, token);
    }
    throw new RequestInProgressError(1);
  }

  /** Housekeeping: forget keys past their 24 h. */
  async purgeExpired(): Promise<number> {
    const rows: unknown[] = await this.db.query('DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING id');
    return rows.length;
  }
}
