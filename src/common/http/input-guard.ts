/*
 * Input no handler should ever see: strings with NUL or unpaired UTF-16 surrogates (PostgreSQL refuses them in
 * text, and they are never meaningful input), and JSON nested deeper than any of our schemas (recursive validation
 * and transformation would overflow the stack). One global rule, applied before routing.
 */

export const MAX_JSON_DEPTH = 64;

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- a NUL is exactly what this looks for
const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasForbiddenCharacters = (s: string): boolean => FORBIDDEN.test(s);

/**
 * Object keys no request of ours uses and that reach object internals (prototype pollution; class-transformer
 * takes `constructor` for the target type and throws): refused like forbidden characters.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Nesting depth of a JSON text above `max`, found by one pass over its bytes (strings skipped). */
export function jsonDepthExceeds(buf: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The path (`a.b[2]`) of the first string or key in a parsed value that holds a forbidden character (or of a
 * reserved key), or null.
 * Depth is bounded by the caller (parsed JSON was checked with jsonDepthExceeds; query objects are shallow).
 */
export function forbiddenStringPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenStringPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${k}` : k;
    if (hasForbiddenCharacters(k) || RESERVED_KEYS.has(k)) return here;
    const found = forbiddenStringPath(v, here);
    if (found) return found;
  }
  return null;
}
