import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPublicAddress } from './address-policy';
import { FeedParseError, parseFeed } from './feed-parse';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../../test/fixtures/news', name), 'utf8');

describe('feed parsing', () => {
  it('reads RSS 2.0 items', () => {
    const items = parseFeed(fixture('market-wire.rss.xml'));
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      title: 'Apple beats estimates as iPhone sales climb',
      text: 'Revenue rose 8% on strong demand & record services sales.',
      url: 'https://wire.example.com/2025/apple-beats',
      external_id: 'wire-2025-001',
      published_at: '2025-06-10T13:00:00.000Z',
      author: 'Ann Writer',
    });
  });

  it('reads Atom entries', () => {
    const items = parseFeed(fixture('board.atom.xml'));
    expect(items.map((i) => [i.external_id, i.url, i.published_at])).toEqual([
      ['urn:board:post:1', 'https://board.example.com/p/1', '2025-06-10T12:00:00.000Z'],
      ['urn:board:post:2', 'https://board.example.com/p/2', '2025-06-10T12:30:00.000Z'],
    ]);
    expect(items[0].text).toBe('Loving this rally in $NVDA, adding more');
  });

  it('refuses malformed XML and non-feeds', () => {
    expect(() => parseFeed('<rss><channel><item></channel>')).toThrow(FeedParseError);
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow('not an RSS or Atom feed');
  });
});

describe('feed address policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', 'localhost'])(
    'refuses %s',
    (a) => expect(isPublicAddress(a)).toBe(false),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111'])('allows %s', (a) => expect(isPublicAddress(a)).toBe(true));
});
