import { errorMessage, MAX_MESSAGE_BYTES, parseClientMessage, parseSymbols, symbolsError, unknownSymbol } from './messages';

describe('parseClientMessage', () => {
  it('parses the seed subscribe message, upper-casing and de-duplicating symbols with their indexes', () => {
    const r = parseClientMessage('{"type":"subscribe","symbols":["AAPL","googl","AAPL"]}', 'market-data');
    expect(r).toEqual({
      ok: true,
      message: {
        type: 'subscribe',
        symbols: [
          { symbol: 'AAPL', index: 0 },
          { symbol: 'GOOGL', index: 1 },
        ],
        invalid: [],
      },
    });
  });

  it('accepts decoded objects (Socket.IO) and Buffers (binary frames) like text', () => {
    expect(parseClientMessage({ type: 'ping' }, 'trading')).toEqual({ ok: true, message: { type: 'ping' } });
    expect(parseClientMessage(Buffer.from('{"type":"ping","id":4}'), 'trading')).toEqual({ ok: true, message: { type: 'ping', id: 4 } });
  });

  it('reports malformed JSON, non-objects and oversized frames', () => {
    expect(parseClientMessage('{"type":', 'market-data')).toMatchObject({ ok: false, error: { error: 'MalformedJson', details: null } });
    expect(parseClientMessage('[1,2]', 'market-data')).toMatchObject({ ok: false, error: { error: 'ValidationError', details: { code: 'INVALID_TYPE' } } });
    expect(parseClientMessage('null', 'market-data')).toMatchObject({ ok: false });
    expect(parseClientMessage('"x'.padEnd(MAX_MESSAGE_BYTES + 10, 'x') + '"', 'market-data')).toMatchObject({ ok: false, error: { error: 'PayloadTooLarge' } });
  });

  it('validates type: required, a string, allowed on the channel', () => {
    expect(parseClientMessage({}, 'market-data')).toMatchObject({ ok: false, error: { details: { field: 'type', code: 'REQUIRED' } } });
    expect(parseClientMessage({ type: 3 }, 'market-data')).toMatchObject({ ok: false, error: { details: { field: 'type', code: 'INVALID_TYPE' } } });
    expect(parseClientMessage({ type: 'dance' }, 'market-data')).toMatchObject({
      ok: false,
      error: { details: { field: 'type', code: 'INVALID_VALUE' }, message: 'type must be one of subscribe, unsubscribe, auth, ping' },
    });
    const wrongChannel = parseClientMessage({ type: 'subscribe', symbols: ['AAPL'] }, 'trading');
    expect(wrongChannel).toMatchObject({ ok: false, error: { message: expect.stringContaining('not supported on this channel') } });
    expect(parseClientMessage({ type: 'resume', since: 3 }, 'trading')).toEqual({ ok: true, message: { type: 'resume', since: 3 } });
  });

  it('refuses unknown fields and echoes a valid id in errors', () => {
    expect(parseClientMessage({ type: 'ping', id: 'a', extra: 1 }, 'trading')).toEqual({
      ok: false,
      id: 'a',
      error: expect.objectContaining({ details: expect.objectContaining({ field: 'extra', code: 'UNKNOWN_FIELD' }) }),
    });
    expect(parseClientMessage({ type: 'ping', id: { x: 1 } }, 'trading')).toMatchObject({ ok: false, error: { details: { field: 'id' } } });
    expect(parseClientMessage({ type: 'ping', id: 'x'.repeat(65) }, 'trading')).toMatchObject({ ok: false });
  });

  it('validates auth and resume fields', () => {
    expect(parseClientMessage({ type: 'auth' }, 'trading')).toMatchObject({ ok: false, error: { details: { field: 'token', code: 'REQUIRED' } } });
    expect(parseClientMessage({ type: 'auth', token: 5 }, 'trading')).toMatchObject({ ok: false, error: { details: { code: 'INVALID_TYPE' } } });
    expect(parseClientMessage({ type: 'auth', token: 't'.repeat(5000) }, 'trading')).toMatchObject({ ok: false, error: { details: { code: 'OUT_OF_RANGE' } } });
    expect(parseClientMessage({ type: 'resume' }, 'trading')).toMatchObject({ ok: false, error: { details: { field: 'since', code: 'REQUIRED' } } });
    expect(parseClientMessage({ type: 'resume', since: 1.5 }, 'trading')).toMatchObject({ ok: false, error: { details: { code: 'INVALID_TYPE' } } });
    expect(parseClientMessage({ type: 'resume', since: -1 }, 'trading')).toMatchObject({ ok: false, error: { details: { code: 'OUT_OF_RANGE' } } });
  });
});

describe('parseSymbols', () => {
  it('keeps valid symbols and reports each malformed one by index', () => {
    expect(parseSymbols(['brk.b', 'no way', 7, 'MSFT'])).toEqual({
      ok: true,
      symbols: [
        { symbol: 'BRK.B', index: 0 },
        { symbol: 'MSFT', index: 3 },
      ],
      invalid: [
        expect.objectContaining({ field: 'symbols.1', code: 'INVALID_FORMAT' }),
        expect.objectContaining({ field: 'symbols.2', code: 'INVALID_TYPE' }),
      ],
    });
  });

  it('refuses a missing, non-array, empty or oversized list', () => {
    expect(parseSymbols(undefined)).toMatchObject({ ok: false, error: { code: 'REQUIRED' } });
    expect(parseSymbols('AAPL')).toMatchObject({ ok: false, error: { code: 'INVALID_TYPE' } });
    expect(parseSymbols([])).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect(parseSymbols(Array.from({ length: 501 }, () => 'A'))).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } });
  });
});

describe('server messages', () => {
  it('errors carry the seed error body plus type (and the client id)', () => {
    const m = errorMessage({ error: 'ValidationError', message: 'Invalid symbol format', details: { field: 'symbol', code: 'INVALID_FORMAT' } }, 'c1');
    expect(m).toEqual({
      type: 'error',
      error: 'ValidationError',
      message: 'Invalid symbol format',
      details: { field: 'symbol', code: 'INVALID_FORMAT' },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      request_id: expect.stringMatching(/^req_/),
      id: 'c1',
    });
  });

  it('names a symbols error after what went wrong', () => {
    expect(symbolsError([unknownSymbol({ symbol: 'ZZZ', index: 0 })])).toMatchObject({ error: 'UnknownSymbol', message: 'ZZZ is not a known instrument' });
    expect(symbolsError([{ field: 'symbols.0', code: 'INVALID_FORMAT', message: 'x' }])).toMatchObject({ error: 'ValidationError', message: 'Invalid symbol format' });
    expect(
      symbolsError([
        { field: 'symbols.0', code: 'INVALID_FORMAT', message: 'x' },
        unknownSymbol({ symbol: 'ZZZ', index: 1 }),
      ]),
    ).toMatchObject({ error: 'ValidationError', message: '2 symbols were refused', details: { field: 'symbols.0' } });
  });
});
