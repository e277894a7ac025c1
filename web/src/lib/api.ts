import { OctopusError, OctopusTrading } from '@octopus/trading-sdk';

export type { Schemas, QuoteMessage, OrderUpdate, PortfolioUpdate, NotificationMessage } from '@octopus/trading-sdk';
export { OctopusError, NotFoundError } from '@octopus/trading-sdk';

import type { ChannelStatus } from './connection';

/**
 * One SDK client per signed-in session. Tokens live in this object only (never in storage): a reload signs out.
 * Socket status changes are reported so the header can show "reconnecting".
 */
export function createClient(onStatus: (channel: string, status: ChannelStatus) => void): OctopusTrading {
  return new OctopusTrading({
    baseUrl: window.location.origin,
    retry: { retries: 2 },
    timeoutMs: 20_000,
    realtime: { onStatus },
  });
}

/** What an error box shows: the API's message and request id, or the network failure. */
export function describeError(err: unknown): { message: string; requestId: string | null; status: number | null } {
  if (err instanceof OctopusError) return { message: err.message, requestId: err.requestId ?? null, status: err.status };
  if (err instanceof Error) return { message: err.message, requestId: null, status: null };
  return { message: String(err), requestId: null, status: null };
}
