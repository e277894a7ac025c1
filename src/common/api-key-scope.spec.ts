import { grantableScopes, isAdminOnly, missingScope, normalizeScopes, requiredScope, scopesBeyond } from './api-key-scope';

describe('API key scopes', () => {
  it.each([
    ['GET', false, 'read'],
    ['HEAD', false, 'read'],
    ['get', true, 'read'],
    ['OPTIONS', false, 'read'],
    ['POST', false, 'trade'],
    ['PUT', false, 'trade'],
    ['PATCH', false, 'trade'],
    ['DELETE', false, 'trade'],
    ['delete', false, 'trade'],
    ['POST', true, 'admin'],
    ['DELETE', true, 'admin'],
  ] as const)('%s (admin only: %s) needs %s', (method, adminOnly, scope) => {
    expect(requiredScope(method, adminOnly)).toBe(scope);
  });

  it('treats unknown methods as writes', () => {
    expect(requiredScope('PROPFIND', false)).toBe('trade');
  });

  it('lets a read key read, never write', () => {
    expect(missingScope(['read'], 'GET', false)).toBeNull();
    expect(missingScope(['read'], 'HEAD', true)).toBeNull();
    expect(missingScope(['read'], 'POST', false)).toBe('trade');
    expect(missingScope(['read'], 'DELETE', false)).toBe('trade');
    expect(missingScope(['read'], 'PUT', false)).toBe('trade');
    expect(missingScope(['read'], 'POST', true)).toBe('admin');
  });

  it('does not let trade imply read, nor trade cover admin writes', () => {
    expect(missingScope(['trade'], 'POST', false)).toBeNull();
    expect(missingScope(['trade'], 'GET', false)).toBe('read');
    expect(missingScope(['read', 'trade'], 'DELETE', true)).toBe('admin');
    expect(missingScope(['admin'], 'DELETE', true)).toBeNull();
    expect(missingScope(['admin'], 'POST', false)).toBe('trade');
    expect(missingScope([], 'GET', false)).toBe('read');
  });

  it('gives full access by role as the default', () => {
    expect(grantableScopes('user')).toEqual(['read', 'trade']);
    expect(grantableScopes('admin')).toEqual(['read', 'trade', 'admin']);
    for (const m of ['GET', 'POST', 'PUT', 'DELETE']) expect(missingScope(grantableScopes('user'), m, false)).toBeNull();
    for (const m of ['GET', 'POST', 'DELETE']) expect(missingScope(grantableScopes('admin'), m, true)).toBeNull();
  });

  it('tells admin-only routes by their roles', () => {
    expect(isAdminOnly(undefined)).toBe(false);
    expect(isAdminOnly([])).toBe(false);
    expect(isAdminOnly(['admin'])).toBe(true);
    expect(isAdminOnly(['user', 'admin'])).toBe(false);
  });

  it('normalizes to vocabulary order without duplicates', () => {
    expect(normalizeScopes(['trade', 'read', 'trade'])).toEqual(['read', 'trade']);
    expect(normalizeScopes(['admin', 'read'])).toEqual(['read', 'admin']);
  });

  it('finds scopes a creator may not give', () => {
    expect(scopesBeyond(['read', 'admin'], ['read', 'trade'])).toEqual(['admin']);
    expect(scopesBeyond(['trade', 'read'], ['read'])).toEqual(['trade']);
    expect(scopesBeyond(['read'], ['read', 'trade'])).toEqual([]);
  });
});
