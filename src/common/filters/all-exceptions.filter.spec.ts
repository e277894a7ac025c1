import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, ValidationFailedError } from '../errors/app-error';
import { AllExceptionsFilter, ErrorBody } from './all-exceptions.filter';

function run(exception: unknown, url = '/api/x') {
  const sent: { body?: ErrorBody; status?: number; headers: Record<string, string> } = { headers: {} };
  const adapter = {
    reply: (_res: unknown, body: ErrorBody, status: number) => Object.assign(sent, { body, status }),
    setHeader: (_res: unknown, k: string, v: string) => (sent.headers[k] = v),
  };
  const res = { headersSent: false, setHeader: (k: string, v: string) => (sent.headers[k] = v) };
  const req = { method: 'GET', url, headers: {} };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  const filter = new AllExceptionsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
  jest.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
  filter.catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter', () => {
  it('hides internals of unexpected errors behind a plain 500', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "users_pkey" at /srv/x.ts:1'), {
      query: 'INSERT INTO users ...',
    });
    const out = run(err);
    expect(out.status).toBe(500);
    expect(out.body).toMatchObject({ error: 'InternalError', message: 'Internal server error', details: null });
    expect(JSON.stringify(out.body)).not.toMatch(/INSERT|users_pkey|\.ts/);
    expect(out.body!.request_id).toMatch(/^req_/);
    expect(out.headers['X-Request-Id']).toBe(out.body!.request_id);
  });

  it('maps domain errors to their status, name, details and headers', () => {
    const out = run(new AppError('RateLimitExceeded', 'slow down', { retry_after: 3 }, { 'Retry-After': '3' }));
    expect(out.status).toBe(429);
    expect(out.body).toMatchObject({ error: 'RateLimitExceeded', message: 'slow down', details: { retry_after: 3 } });
    expect(out.headers['Retry-After']).toBe('3');
    const v = run(new ValidationFailedError([{ field: 'symbol', code: 'INVALID_FORMAT', message: 'bad symbol' }]));
    expect(v.status).toBe(422);
    expect(v.body!.details).toEqual({
      field: 'symbol',
      code: 'INVALID_FORMAT',
      errors: [{ field: 'symbol', code: 'INVALID_FORMAT', message: 'bad symbol' }],
    });
  });

  it("maps Nest's own HTTP exceptions to names from the list", () => {
    const nf = run(new NotFoundException('Cannot GET /api/missing'), '/api/missing?q=1');
    expect(nf.body).toMatchObject({ error: 'NotFound', message: 'Route GET /api/missing not found' });
    expect(run(new BadRequestException('nope')).body!.error).toBe('BadRequest');
  });
});
