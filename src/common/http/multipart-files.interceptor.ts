import type { IncomingMessage } from 'node:http';
import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import busboy from 'busboy';
import type { Observable } from 'rxjs';
import { AppError, BadRequestError } from '../errors/app-error';
import { rawRequest } from './http-platform';

/** One uploaded file, held in memory (the shape multer's memory storage gives). */
export interface UploadedFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface MultipartLimits {
  /** Most files in one request. */
  files: number;
  /** Largest file, bytes. */
  fileSize: number;
  /** Most text fields, and the largest one (bytes). */
  fields?: number;
  fieldSize?: number;
}

interface Multipart {
  files: UploadedFile[];
  fields: Record<string, string>;
}

/**
 * Reads a multipart/form-data body from Node's request stream with busboy: the same parser, limits and errors under
 * Express and Fastify (neither adapter reads a multipart body before the handler asks for it). Files of `field` are
 * buffered, text fields collected; a file over `fileSize` or more than `files` files is 413, a file under another
 * field name or a malformed body 400. Whatever is left of the body is drained, so the connection stays usable.
 */
export function readMultipart(req: IncomingMessage, field: string, limits: MultipartLimits): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: limits.files, fileSize: limits.fileSize, fields: limits.fields ?? 50, fieldSize: limits.fieldSize ?? 64 * 1024 },
      });
    } catch {
      reject(new BadRequestError('The multipart body has no boundary or an unreadable Content-Type'));
      return;
    }
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    let settled = false;
    let pending = 0;
    let finished = false;
    const fail = (error: AppError): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      req.resume();
      reject(error);
    };
    const done = (): void => {
      if (settled || !finished || pending > 0) return;
      settled = true;
      resolve({ files, fields });
    };
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return fail(new BadRequestError(`Unexpected multipart file field "${name}" (files go in "${field}")`));
      }
      pending++;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(`A file is larger than ${limits.fileSize / (1024 * 1024)} MB`)));
      stream.on('error', () => fail(new BadRequestError('The multipart body could not be read')));
      stream.on('end', () => {
        pending--;
        if (!settled) files.push({ fieldname: name, originalname: info.filename ?? '', mimetype: info.mimeType, size, buffer: Buffer.concat(chunks, size) });
        done();
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(`Multipart field "${name}" is longer than the server accepts`));
      if (['__proto__', 'constructor', 'prototype'].includes(name)) return fail(new BadRequestError(`"${name}" is not accepted as a field name`));
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(tooLarge(`At most ${limits.files} files per request`)));
    parser.on('fieldsLimit', () => fail(tooLarge('Too many multipart fields')));
    parser.on('partsLimit', () => fail(tooLarge('Too many multipart parts')));
    parser.on('error', () => fail(new BadRequestError('The multipart body could not be read')));
    parser.on('close', () => {
      finished = true;
      done();
    });
    req.on('aborted', () => fail(new BadRequestError('The request was aborted')));
    req.pipe(parser);
  });
}

function tooLarge(message: string): AppError {
  return new AppError('PayloadTooLarge', message);
}

/**
 * Replaces `FilesInterceptor` (multer, Express only): the files of `field` land in `req.files` for
 * `@UploadedFiles()`, the text fields in `req.body` for `@Body()`. Requests that are not multipart pass untouched.
 */
export function MultipartFilesInterceptor(field: string, limits: MultipartLimits): Type<NestInterceptor> {
  @Injectable()
  class Interceptor implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<{ body?: unknown; files?: UploadedFile[] }>();
      const raw = rawRequest(req);
      if (/^multipart\/form-data\b/i.test(String(raw.headers['content-type'] ?? ''))) {
        const { files, fields } = await readMultipart(raw, field, limits);
        req.files = files;
        req.body = fields;
      }
      return next.handle();
    }
  }
  return mixin(Interceptor);
}
