import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A client-supplied X-Request-Id is kept only when it is short and plain; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Ours are `req_<instance>_<counter>`: a random prefix drawn once per process (so ids from several instances or
 * restarts do not collide) and a base-36 counter. Unique, sortable within a process, and no random draw per request.
 */
const INSTANCE = randomBytes(6).toString('base64url');
let counter = 0;

export function newRequestId(): string {
  counter = counter >= Number.MAX_SAFE_INTEGER ? 1 : counter + 1;
  return `req_${INSTANCE}_${counter.toString(36)}`;
}

/** The id a request gets: the client's X-Request-Id when sane, else a new one (Fastify's `genReqId`). */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given && SANE_REQUEST_ID.test(given) ? given : newRequestId();
}

/**
 * The request's id, made once and echoed as X-Request-Id when made here (pino-http's genReqId under Express; under
 * Fastify, its genReqId makes it and an onRequest hook echoes it).
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const existing = (req as IncomingMessage & { id?: unknown }).id;
  if (typeof existing === 'string') return existing;
  const id = requestIdOf(req);
  res.setHeader('X-Request-Id', id);
  return id;
}
