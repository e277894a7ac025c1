import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TooManyRequestsError } from '../common/errors/app-error';

/** Failures allowed before the first lock-out. */
export const LOGIN_FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;
/** A quiet spell this long (with no lock in force) forgets earlier failures. */
const FORGET_AFTER = '15 minutes';

/** 30 s after the 5th failure, doubling with each further failure, capped at 15 minutes. */
export const lockSecondsFor = (failures: number): number =>
  failures < LOGIN_FREE_FAILURES ? 0 : Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - LOGIN_FREE_FAILURES));

/**
 * Slows down password guessing per email and per IP. Counters live in PostgreSQL so the lock-out holds
 * across instances; unknown emails are counted exactly like known ones.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private keys(email: string, ip: string): string[] {
    return [`email:${email.toLowerCase()}`, `ip:${ip}`];
  }

  async assertNotLocked(email: string, ip: string): Promise<void> {
    const rows: { seconds: string }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
         FROM login_attempts WHERE key = ANY($1) AND locked_until > now()`,
      [this.keys(email, ip)],
    );
    const seconds = Number(rows[0]?.seconds ?? 0);
    if (seconds > 0) {
      throw new TooManyRequestsError(
        'TooManyLoginAttempts',
        `Too many failed login attempts; try again in ${seconds} s`,
        seconds,
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    for (const key of this.keys(email, ip)) {
      const rows: { failures: number }[] = await this.db.query(
        `INSERT INTO login_attempts (key, failures, last_failure_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE
             WHEN login_attempts.last_failure_at < now() - interval '${FORGET_AFTER}'
              AND (login_attempts.locked_until IS NULL OR login_attempts.locked_until < now())
             THEN 1 ELSE login_attempts.failures + 1 END,
           last_failure_at = now()
         RETURNING failures`,
        [key],
      );
      const lock = lockSecondsFor(rows[0].failures);
      if (lock > 0) {
        await this.db.query(`UPDATE login_attempts SET locked_until = now() + make_interval(secs => $2) WHERE key = $1`, [
          key,
          lock,
        ]);
      }
    }
  }

  /** A successful login clears the email's counter; the IP's counter only decays, so one good account can't reset it. */
  async recordSuccess(email: string): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts WHERE key = $1`, [`email:${email.toLowerCase()}`]);
  }
}
