import { createHash } from 'node:crypto';
import { SYMBOL_PATTERN } from '../../../common/symbol';
import type { NewsKind } from './aggregate';

/**
 * One item to ingest (POST /api/ml/news, the import CLI, a feed entry), validated the same way everywhere.
 * `title` or `text` is required (`text` is the body, or a social post's whole text); `url` or `external_id`
 * identifies the item within its source (a URL without an external id is its id).
 */
export interface NewsDraft {
  kind: NewsKind;
  source: string;
  externalId: string;
  url: string | null;
  title: string | null;
  body: string | null;
  author: string | null;
  publishedAt: Date;
  language: string;
  symbols: string[];
  contentHash: string;
}

export interface ItemProblem {
  field: string;
  code: string;
  message: string;
}

export const MAX_TITLE = 500;
export const MAX_BODY = 20_000;
const MAX_FUTURE_MS = 5 * 60_000;

const isStr = (v: unknown): v is string => typeof v === 'string';

function optString(o: Record<string, unknown>, key: string, max: number, problems: ItemProblem[]): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isStr(v)) {
    problems.push({ field: key, code: 'INVALID_TYPE', message: `${key} must be a string` });
    return null;
  }
  const t = v.trim();
  if (t.length > max) problems.push({ field: key, code: 'OUT_OF_RANGE', message: `${key} is longer than ${max} characters` });
  return t.length ? t : null;
}

/** Lower-case, whitespace collapsed: two polls or two sources of the same story hash the same. */
export function contentHash(title: string | null, body: string | null): string {
  const norm = (s: string | null) => (s ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${norm(title)}\n${norm(body)}`).digest('hex');
}

export function validateNewsItem(
  raw: unknown,
  opts: { defaultSource: string; now: Date; knownSymbol: (s: string) => boolean },
): { draft: NewsDraft } | { problems: ItemProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: [{ field: '', code: 'INVALID_TYPE', message: 'an item must be an object' }] };
  const o = raw as Record<string, unknown>;
  const problems: ItemProblem[] = [];
  let kind: NewsKind = 'news';
  if (o.kind !== undefined && o.kind !== null) {
    if (o.kind === 'news' || o.kind === 'social') kind = o.kind;
    else problems.push({ field: 'kind', code: 'INVALID_VALUE', message: 'kind must be news or social' });
  }
  const title = optString(o, 'title', MAX_TITLE, problems);
  const body = optString(o, 'text', MAX_BODY, problems) ?? optString(o, 'body', MAX_BODY, problems);
  if (!title && !body && !problems.some((p) => p.field === 'title' || p.field === 'text' || p.field === 'body'))
    problems.push({ field: 'title', code: 'REQUIRED', message: 'title or text is required' });
  const url = optString(o, 'url', 2000, problems);
  if (url && !/^https?:\/\/[^\s]+$/i.test(url)) problems.push({ field: 'url', code: 'INVALID_FORMAT', message: 'url must be an http(s) URL' });
  const externalId = optString(o, 'external_id', 500, problems) ?? url;
  if (!externalId && !problems.some((p) => p.field === 'url' || p.field === 'external_id'))
    problems.push({ field: 'external_id', code: 'REQUIRED', message: 'url or external_id is required' });
  const source = (optString(o, 'source', 200, problems) ?? opts.defaultSource).toLowerCase();
  const author = optString(o, 'author', 200, problems);
  let publishedAt = opts.now;
  if (o.published_at !== undefined && o.published_at !== null) {
    const d = isStr(o.published_at) && /^\d{4}-\d\d-\d\d/.test(o.published_at) ? new Date(o.published_at) : new Date(NaN);
    if (Number.isNaN(d.getTime())) problems.push({ field: 'published_at', code: 'INVALID_FORMAT', message: 'published_at must be an ISO 8601 date-time' });
    else if (d.getTime() > opts.now.getTime() + MAX_FUTURE_MS) problems.push({ field: 'published_at', code: 'OUT_OF_RANGE', message: 'published_at is in the future' });
    else publishedAt = d;
  }
  let language = 'en';
  if (o.language !== undefined && o.language !== null) {
    if (!isStr(o.language) || !/^[a-z]{2}(-[A-Za-z]{2})?$/.test(o.language)) problems.push({ field: 'language', code: 'INVALID_FORMAT', message: 'language must be an ISO 639-1 code' });
    else if (!o.language.startsWith('en')) problems.push({ field: 'language', code: 'INVALID_VALUE', message: 'only English items are scored (VADER is an English lexicon)' });
    else language = o.language;
  }
  const symbols: string[] = [];
  if (o.symbols !== undefined && o.symbols !== null) {
    if (!Array.isArray(o.symbols) || o.symbols.length > 20) problems.push({ field: 'symbols', code: 'INVALID_TYPE', message: 'symbols must be an array of at most 20 symbols' });
    else
      o.symbols.forEach((s: unknown, i) => {
        const u = isStr(s) ? s.trim().toUpperCase() : '';
        if (!SYMBOL_PATTERN.test(u)) problems.push({ field: `symbols.${i}`, code: 'INVALID_FORMAT', message: 'not a symbol' });
        else if (!opts.knownSymbol(u)) problems.push({ field: `symbols.${i}`, code: 'UNKNOWN_SYMBOL', message: `unknown symbol ${u}` });
        else if (!symbols.includes(u)) symbols.push(u);
      });
  }
  if (problems.length) return { problems };
  return {
    draft: { kind, source, externalId: externalId as string, url, title, body, author, publishedAt, language, symbols, contentHash: contentHash(title, body) },
  };
}
