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
  jest.spyOn((filter as unknown as { logger: { warn: () => void } }).logger, 'warn').mockImplementation(() => undefined);
  filter.catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter', () => {
  it.each([
    ['22P02', 400, 'BadRequest'],
    ['22021', 400, 'BadRequest'],
    ['22003', 422, 'ValidationError'],
    ['22001', 422, 'ValidationError'],
    ['23505', 409, 'Conflict'],
    ['40001', 503, 'ServiceUnavailable'],
  ])('maps PostgreSQL error %s (the client’s input, or a retry) to %i %s, without the driver text', (code, status, name) => {
    const err = Object.assign(new Error('invalid input syntax for type uuid: "x" in SELECT secret FROM users'), { name: 'QueryFailedError', code, driverError: { code } });
    const out = run(err);
    expect(out.status).toBe(status);
    expect(out.body!.error).toBe(name);
    expect(JSON.stringify(out.body)).not.toMatch(/SELECT|secret|uuid/);
    if (status === 503) expect(out.headers['Retry-After']).toBe('1');
  });

  it.each([
    ['a database closed to connections (FATAL 55000, at connect)', Object.assign(new Error('database "x" is not currently accepting connections'), { name: 'error', code: '55000', severity: 'FATAL' })],
    ['a terminated session (57P01) inside a query', Object.assign(new Error('terminating connection due to administrator command'), { name: 'QueryFailedError', driverError: { code: '57P01', severity: 'FATAL' } })],
    ['a refused TCP connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection that died mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a transaction whose connection was released under it', Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
  ])('maps %s to 503 ServiceUnavailable with Retry-After, not 500', (_what, err) => {
    const out = run(err);
    expect(out.status).toBe(503);
    expect(out.body).toMatchObject({ error: 'ServiceUnavailable', details: null });
    expect(out.headers['Retry-After']).toBe('2');
    expect(JSON.stringify(out.body)).not.toMatch(/5432|terminat|accepting/);
  });

  it('keeps an unknown database error a plain 500', () => {
    const out = run(Object.assign(new Error('disk full'), { name: 'QueryFailedError', code: '53100' }));
    expect(out.status).toBe(500);
    expect(out.body!.message).toBe('Internal server error');
  });

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
