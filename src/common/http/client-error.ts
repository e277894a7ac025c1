import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { newRequestId } from './request-id';

/**
 * Requests Node's HTTP parser refuses before any middleware runs (headers or URL over the size limit, malformed
 * request lines) get the standard error body too, instead of Node's empty 400/431.
 */
export function installClientErrorBodies(server: Server): void {
  server.on('clientError', answerClientError);
}

/** Node's `clientError` listener (Fastify's `clientErrorHandler`): our error body on the bare socket. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const requestId = newRequestId();
    const body = JSON.stringify({
      error: 'BadRequest',
      message: tooLarge ? 'Request line or headers are larger than the server accepts (16 KB)' : 'The request could not be parsed as HTTP',
      details: null,
      timestamp: new Date().toISOString(),
      request_id: requestId,
    });
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}
