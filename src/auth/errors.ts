import type { ApiKeyScope } from '../common/api-key-scope';
import { ForbiddenError } from '../common/errors/app-error';

/** 403: the request was authenticated by an API key whose scopes do not cover it. */
export class MissingScopeError extends ForbiddenError {
  constructor(missing: ApiKeyScope, scopes: readonly ApiKeyScope[]) {
    super(`This API key lacks the ${missing} scope`, { missing_scope: missing, scopes: [...scopes] });
  }
}

/** 403: a new key asked for scopes its creator does not hold (role, or the creating key's own scopes). */
export class ScopeNotGrantableError extends ForbiddenError {
  constructor(scopes: readonly ApiKeyScope[], viaApiKey: boolean) {
    super(
      viaApiKey
        ? `An API key can only create keys within its own scopes; not: ${scopes.join(', ')}`
        : `Your role cannot give an API key the scope: ${scopes.join(', ')}`,
      { field: 'scopes', not_grantable: [...scopes] },
    );
  }
}
