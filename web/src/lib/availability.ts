/**
 * True when a 404 is about the route itself (the server has no such endpoint: the fallback route's "Route POST
 * /api/ml/predict not found"), not about a resource the route could not find. Panels then say "not available on this
 * server" instead of showing an error or anything made up.
 */
export function isMissingRoute(err: unknown): boolean {
  const e = err as { status?: unknown; message?: unknown } | null;
  return !!e && e.status === 404 && typeof e.message === 'string' && /^Route [A-Z]+ \S+ not found$/.test(e.message);
}
