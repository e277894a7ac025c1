import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import { appConfig, type AppConfig } from '../../config/app.config';
import type { AuthUser } from '../decorators/current-user.decorator';
import { TooManyRequestsError } from '../errors/app-error';
import { rawResponse } from '../http/http-platform';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');
const SKIP_RATE_LIMIT = 'octopus:skipRateLimit';
/** Health probes and static docs assets are not counted. */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);

interface Window {
  name: string;
  limit: number;
  ttlMs: number;
}

/**
 * Two windows per caller (the user when authenticated, else the IP): RATE_LIMIT_PER_MINUTE per 60 s and
 * RATE_LIMIT_BURST per 10 s. Headers are exactly the seed's: `X-RateLimit-Limit` is the per-minute limit,
 * `X-RateLimit-Remaining` what is left in the tighter of the two windows, `X-RateLimit-Reset` the Unix time
 * (seconds) when that window resets. Runs after authentication, so limits follow the user across IPs.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows: Window[];

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
  ) {
    this.windows = [
      { name: 'minute', limit: config.rateLimit.perMinute, ttlMs: 60_000 },
      { name: 'burst', limit: config.rateLimit.burst, ttlMs: config.rateLimit.burstWindowSeconds * 1000 },
    ];
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.config.rateLimit.enabled || context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<{ ip?: string; user?: AuthUser }>();
    const res = rawResponse(context.switchToHttp().getResponse());
    const tracker = req.user ? `u:${req.user.id}` : `ip:${req.ip ?? 'unknown'}`;
    const now = Date.now();
    let remaining = Infinity;
    let resetAt = now;
    let retryAfter = 0;
    // Both windows at once: with Redis the two scripts travel together (one round trip of latency, not two).
    const records = await Promise.all(
      this.windows.map((w) => this.storage.increment(`octopus:rl:${w.name}:${tracker}`, w.ttlMs, w.limit, w.ttlMs, w.name)),
    );
    for (const [i, w] of this.windows.entries()) {
      const r = records[i];
      const left = Math.max(0, w.limit - r.totalHits);
      const windowReset = now + (r.isBlocked ? r.timeToBlockExpire : r.timeToExpire) * 1000;
      if (left < remaining || (left === remaining && windowReset > resetAt)) {
        remaining = left;
        resetAt = windowReset;
      }
      if (r.isBlocked) retryAfter = Math.max(retryAfter, Math.max(1, r.timeToBlockExpire));
    }
    res.setHeader('X-RateLimit-Limit', String(this.config.rateLimit.perMinute));
    res.setHeader('X-RateLimit-Remaining', String(remaining));
    res.setHeader('X-RateLimit-Reset', String(Math.ceil(resetAt / 1000)));
    if (retryAfter > 0) {
      throw new TooManyRequestsError('RateLimitExceeded', `Rate limit exceeded; retry in ${retryAfter} s`, retryAfter);
    }
    return true;
  }
}
