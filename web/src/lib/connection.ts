/** The header's socket indicator: one line from the status of every realtime channel the page uses. */
export type ChannelStatus = 'connected' | 'reconnecting';

export function connectionSummary(channels: Record<string, ChannelStatus>): { ok: boolean; label: string } {
  const down = Object.entries(channels)
    .filter(([, s]) => s === 'reconnecting')
    .map(([c]) => c.replace(/^\/ws\//, '').replace(/^portfolio\/.*/, 'portfolio'));
  if (!down.length) return { ok: true, label: Object.keys(channels).length ? 'Live' : 'Connecting…' };
  return { ok: false, label: `Reconnecting… (${[...new Set(down)].sort().join(', ')})` };
}
