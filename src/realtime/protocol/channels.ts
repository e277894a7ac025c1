/**
 * The four channels and where they live. Socket.IO serves them as namespaces and plain WebSocket as paths,
 * with the same names, so a client picks a transport and nothing else changes.
 */
export type ChannelKind = 'market-data' | 'portfolio' | 'notifications' | 'trading';

export const CHANNEL_PATHS = {
  'market-data': '/ws/market-data',
  notifications: '/ws/notifications',
  trading: '/ws/trading',
} as const;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * Socket.IO's dynamic namespace for /ws/portfolio/{id}. Only well-formed ids create a namespace, so a client
 * probing random names cannot make the server allocate (and subscribe to Redis for) arbitrary namespaces.
 */
export const PORTFOLIO_NAMESPACE = new RegExp(`^/ws/portfolio/${UUID}$`);
const PORTFOLIO_PATH = /^\/ws\/portfolio\/([^/]+)$/;
const UUID_ONLY = new RegExp(`^${UUID}$`);

export interface ChannelAddress {
  kind: ChannelKind;
  /** Lower-cased portfolio id for the portfolio channel; `null` when the path's id is not a UUID. */
  portfolioId?: string | null;
}

/** The channel a path (or namespace name) addresses, or null when it is not one of ours. Trailing slashes are ignored. */
export function channelForPath(rawPath: string): ChannelAddress | null {
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  for (const [kind, p] of Object.entries(CHANNEL_PATHS)) {
    if (path === p) return { kind: kind as ChannelKind };
  }
  const m = PORTFOLIO_PATH.exec(path);
  if (m) {
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      return { kind: 'portfolio', portfolioId: null };
    }
    return { kind: 'portfolio', portfolioId: UUID_ONLY.test(id) ? id.toLowerCase() : null };
  }
  return null;
}

/** Channels that need an identity. Market data is public unless MARKET_DATA_WS_PUBLIC=false. */
export function requiresIdentity(kind: ChannelKind, marketDataPublic: boolean): boolean {
  return kind !== 'market-data' || !marketDataPublic;
}

export const CLIENT_TYPES_BY_CHANNEL: Record<ChannelKind, readonly string[]> = {
  'market-data': ['subscribe', 'unsubscribe', 'auth', 'ping'],
  portfolio: ['auth', 'ping'],
  trading: ['auth', 'ping', 'resume'],
  notifications: ['auth', 'ping'],
};
