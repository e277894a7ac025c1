import { channelForPath, PORTFOLIO_NAMESPACE, requiresIdentity } from './channels';
import { CLOSE_CODES, closeCodeFor, closeReason } from './close-codes';
import { clientIp, handshakeToken } from './handshake';

describe('channelForPath', () => {
  const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  it('maps the four channels, ignoring a trailing slash', () => {
    expect(channelForPath('/ws/market-data')).toEqual({ kind: 'market-data' });
    expect(channelForPath('/ws/trading/')).toEqual({ kind: 'trading' });
    expect(channelForPath('/ws/notifications')).toEqual({ kind: 'notifications' });
    expect(channelForPath(`/ws/portfolio/${id.toUpperCase()}`)).toEqual({ kind: 'portfolio', portfolioId: id });
  });
  it('marks malformed portfolio ids and ignores other paths', () => {
    expect(channelForPath('/ws/portfolio/123')).toEqual({ kind: 'portfolio', portfolioId: null });
    expect(channelForPath('/ws/portfolio/%E0%A4%A')).toEqual({ kind: 'portfolio', portfolioId: null });
    expect(channelForPath('/ws/other')).toBeNull();
    expect(channelForPath('/socket.io/')).toBeNull();
  });
  it('creates dynamic namespaces only for well-formed ids', () => {
    expect(PORTFOLIO_NAMESPACE.test(`/ws/portfolio/${id}`)).toBe(true);
    expect(PORTFOLIO_NAMESPACE.test('/ws/portfolio/anything')).toBe(false);
  });
  it('knows which channels need an identity', () => {
    expect(requiresIdentity('market-data', true)).toBe(false);
    expect(requiresIdentity('market-data', false)).toBe(true);
    expect(requiresIdentity('trading', true)).toBe(true);
  });
});

describe('close codes', () => {
  it('are 4000 + the HTTP status of the refusal', () => {
    expect(closeCodeFor('Unauthorized')).toBe(4401);
    expect(closeCodeFor('Forbidden')).toBe(4403);
    expect(closeCodeFor('NotFound')).toBe(4404);
    expect(closeCodeFor('RateLimitExceeded')).toBe(4429);
    expect(closeCodeFor('ServiceUnavailable')).toBe(4503);
    expect(closeCodeFor('BadRequest')).toBe(CLOSE_CODES.badRequest);
  });
  it('keeps reasons within 123 bytes', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
    expect(closeReason('short')).toBe('short');
  });
});

describe('handshake credentials', () => {
  it('takes auth.token, then Authorization, then X-API-Key, then ?token=', () => {
    expect(handshakeToken({ auth: { token: 'Bearer a.b.c' }, headers: { authorization: 'Bearer x' } })).toBe('a.b.c');
    expect(handshakeToken({ headers: { authorization: 'Bearer x.y.z' }, query: { token: 'q' } })).toBe('x.y.z');
    expect(handshakeToken({ headers: { 'x-api-key': 'ok_1' }, query: { token: 'q' } })).toBe('ok_1');
    expect(handshakeToken({ headers: {}, query: new URLSearchParams('token=ok_2') })).toBe('ok_2');
    expect(handshakeToken({ headers: {}, query: {} })).toBeUndefined();
    expect(handshakeToken({ auth: { token: '' }, headers: {} })).toBe('');
  });
  it('trusts X-Forwarded-For only behind a trusted proxy', () => {
    expect(clientIp({ 'x-forwarded-for': '1.2.3.4, 10.0.0.1' }, '::ffff:127.0.0.1', true)).toBe('1.2.3.4');
    expect(clientIp({ 'x-forwarded-for': '1.2.3.4' }, '::ffff:127.0.0.1', false)).toBe('127.0.0.1');
  });
});
