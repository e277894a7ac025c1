import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/app-error';

/**
 * The JSON body parser, with its failures turned into our own errors: Nest would otherwise wrap a syntax
 * error in a generic BadRequestException carrying the parser's message.
 */
export function jsonBody(limit = '1mb') {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') return next(new PayloadTooLargeError(limit));
      if (type === 'entity.parse.failed') return next(new BadRequestError('Request body is not valid JSON', 'MalformedJson'));
      if (type === 'encoding.unsupported' || type === 'charset.unsupported')
        return next(new UnsupportedMediaTypeError('Unsupported body encoding'));
      return next(new BadRequestError('Could not read the request body'));
    });
}
