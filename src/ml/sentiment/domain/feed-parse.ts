import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** RSS 2.0 / RSS 1.0 (RDF) / Atom 1.0 entries as ingestion items (fields of POST /api/ml/news). */
export interface FeedEntry {
  title?: string;
  text?: string;
  url?: string;
  external_id?: string;
  published_at?: string;
  author?: string;
}

export class FeedParseError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && '#text' in (v as object)) return text((v as Record<string, unknown>)['#text']);
  return undefined;
}

/** Tags out, whitespace collapsed (descriptions are often HTML). */
export function plain(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      if (e[0] !== '#') return named[e.toLowerCase()];
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return t.length ? t : undefined;
}

function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = new Date(s.trim());
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function parseFeed(xml: string): FeedEntry[] {
  if (XMLValidator.validate(xml) !== true) throw new FeedParseError('the document is not well-formed XML');
  const doc = parser.parse(xml) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (doc.rss?.channel || doc.RDF) {
    const items = asArray(doc.rss?.channel?.item ?? doc.RDF?.item);
    return items.map((it: Record<string, unknown>) => {
      const link = text(asArray(it.link as unknown[])[0]);
      const guid = text(it.guid);
      return {
        title: plain(text(it.title)),
        text: plain(text(it.encoded) ?? text(it.description)),
        url: link?.trim(),
        external_id: guid?.trim() || link?.trim(),
        published_at: isoDate(text(it.pubDate) ?? text(it.date)),
        author: plain(text(it.creator) ?? text(it.author)),
      };
    });
  }
  if (doc.feed) {
    return asArray(doc.feed.entry).map((e: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const links = asArray(e.link) as Array<Record<string, string>>;
      const href = (links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate') ?? links[0])?.['@_href'];
      return {
        title: plain(text(e.title)),
        text: plain(text(e.content) ?? text(e.summary)),
        url: href?.trim(),
        external_id: text(e.id)?.trim() || href?.trim(),
        published_at: isoDate(text(e.published) ?? text(e.updated)),
        author: plain(text(e.author?.name)),
      };
    });
  }
  throw new FeedParseError('not an RSS or Atom feed');
}
