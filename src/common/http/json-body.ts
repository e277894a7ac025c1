import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import type { FastifyInstance } from 'fastify';
import { AppError, BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/app-error';
import { forbiddenStringPath, hasForbiddenCharacters, jsonDepthExceeds, MAX_JSON_DEPTH } from './input-guard';

const TOO_DEEP = 'entity.too.deep';

/** 400 for a string (body field, query parameter or path segment) holding NUL or an unpaired surrogate. */
function forbidden(field: string, where: string): AppError {
  const key = field.split(/[.[]/).pop() ?? '';
  const message = ['__proto__', 'constructor', 'prototype'].includes(key)
    ? `${field}: "${key}" is not accepted as a key in a ${where}`
    : `${field} contains a NUL character or an unpaired UTF-16 surrogate, which no ${where} may contain`;
  return new AppError('BadRequest', message, { field, code: 'INVALID_FORMAT', errors: [{ field, code: 'INVALID_FORMAT', message }] });
}

/**
 * The JSON body parser, with its failures turned into our own errors: Nest would otherwise wrap a syntax
 * error in a generic BadRequestException carrying the parser's message. Nesting deeper than 64 levels is refused
 * (400) from the raw bytes, before parsing; strings with NUL or unpaired surrogates (400) after.
 */
export function jsonBody(limitBytes = 1024 * 1024) {
  const limit = limitBytes % 1024 === 0 ? `${limitBytes / 1024} KB` : `${limitBytes} bytes`;
  const parse = json({
    limit: limitBytes,
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw Object.assign(new Error('too deep'), { type: TOO_DEEP, status: 400 });
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) {
        const path = req.body === undefined ? null : forbiddenStringPath(req.body);
        return next(path ? forbidden(path, 'request body') : undefined);
      }
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') return next(new PayloadTooLargeError(limit));
      if (type === TOO_DEEP) return next(new BadRequestError(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`, 'MalformedJson'));
      if (type === 'entity.parse.failed') return next(new BadRequestError('Request body is not valid JSON', 'MalformedJson'));
      if (type === 'encoding.unsupported' || type === 'charset.unsupported')
        return next(new UnsupportedMediaTypeError('Unsupported body encoding'));
      return next(new BadRequestError('Could not read the request body'));
    });
}

/**
 * Fastify's body parsing, made Express's: JSON through the same parser as jsonBody() (same limit, depth and string
 * checks, same errors), every other type left unread (a handler that wants it, like the market import's multipart
 * upload, reads Node's request stream) instead of Fastify's 415 for types without a parser.
 */
export function useFastifyBodyParsers(instance: FastifyInstance, limitBytes: number): void {
  const parse = jsonBody(limitBytes);
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', (request, _payload, done) => {
    const req = request.raw as IncomingMessage & { body?: unknown };
    parse(req as Request, undefined as unknown as Response, (err?: unknown) => (err ? done(err as Error, undefined) : done(null, req.body)));
  });
  instance.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

/** Refuses path segments and query parameters with NUL or unpaired surrogates (or bytes that are not UTF-8). */
export function inputGuard() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const url = req.originalUrl ?? req.url;
    const q = url.indexOf('?');
    const pathPart = q === -1 ? url : url.slice(0, q);
    for (const segment of pathPart.split('/')) {
      if (!segment.includes('%') && !hasForbiddenCharacters(segment)) continue;
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return next(new BadRequestError('The request path is not valid percent-encoded UTF-8'));
      }
      if (hasForbiddenCharacters(decoded)) return next(forbidden('path', 'path segment'));
    }
    if (q !== -1) {
      for (const pair of url.slice(q + 1).split('&')) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(pair.replace(/\+/g, ' '));
        } catch {
          return next(new BadRequestError('The query string is not valid percent-encoded UTF-8'));
        }
        if (hasForbiddenCharacters(decoded)) return next(forbidden(decoded.split('=')[0].split('\u0000').join('\\u0000') || 'query', 'query parameter'));
      }
    }
    next();
  };
}
