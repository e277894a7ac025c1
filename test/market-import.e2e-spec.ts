import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ManualClock } from '../src/market/clock';
import { MarketDataService } from '../src/market/market.contracts';
import { startTestApp, TestApp, uniqueEmail } from './support/app';
import { type Bar, expectOhlc, FIXTURES, OPEN, withClock } from './support/market';
import { useTestApp } from './support/suite';
import { ioConnect, sleep, wsConnect } from './support/ws';

describe('Market CSV import (e2e, PostgreSQL, simulated provider)', () => {
  const clock = new ManualClock(OPEN);
  const adminEmail = uniqueEmail('market-admin');
  const suite = useTestApp({
    env: { ADMIN_EMAILS: adminEmail },
    customize: withClock(clock),
    adminEmail,
    beforeClose: (app) => app.app.get(DataSource).query(`DELETE FROM daily_bars WHERE symbol IN ('SLV', 'CAT') AND source = 'csv'`),
  });
  const get = suite.get;
  let t: TestApp;
  let token: string;
  let adminToken: string;
  beforeAll(() => {
    ({ t, token, adminToken } = suite);
  });
  beforeEach(() => clock.set(OPEN));

  describe('POST /api/market/import (CSV)', () => {
    const upload = (bearer: string) => t.http.post('/api/market/import').set('Authorization', `Bearer ${bearer}`);
    const slvHistory = async () =>
      ((await get('/api/market/historical/SLV?period=max').expect(200)).body.data as Bar[]).filter(
        (b) => b.date >= '2015-01-01' && b.date <= '2015-01-31',
      );

    it('is for admins only', async () => {
      const res = await upload(token).attach('file', join(FIXTURES, 'SLV.csv')).expect(403);
      expect(res.body.error).toBe('Forbidden');
      await t.http.post('/api/market/import').attach('file', join(FIXTURES, 'SLV.csv')).expect(401);
    });

    it('imports a Yahoo file, which then takes precedence over simulated bars, and records who did it', async () => {
      const before = await slvHistory();
      expect(before.find((b) => b.date === '2015-01-05')?.close).not.toBe(15.53);
      const res = await upload(adminToken).attach('file', join(FIXTURES, 'SLV.csv')).expect(201);
      expect(res.body).toEqual({
        imports: [{ file: 'SLV.csv', symbol: 'SLV', format: 'yahoo', rows: 6, first_date: '2015-01-02', last_date: '2015-01-09' }],
      });
      const after = await slvHistory();
      expect(after.find((b) => b.date === '2015-01-05')).toEqual({
        date: '2015-01-05',
        open: 15.32,
        high: 15.61,
        low: 15.3,
        close: 15.53,
        adj_close: 15.53,
        volume: 12208200,
        source: 'csv',
      });
      expect(after.find((b) => b.date === '2015-01-12')?.source).toBe('simulated');
      const jan = (await get('/api/market/historical/SLV?period=max&interval=1mo').expect(200)).body;
      expect(jan.source).toBe('mixed');
      expect(jan.data.find((b: Bar) => b.date === '2015-01-01').source).toBe('mixed');
      expect(after.find((b) => b.date === '2015-01-12')?.close).not.toBe(15.98); // still simulated
      const closes = await t.app.get(MarketDataService).getDailyCloses('SLV', '2015-01-02', '2015-01-09');
      expect(closes.map((c) => c.close.toFixed(2))).toEqual(['15.08', '15.53', '15.89', '15.77', '15.56', '15.86']);
      const audit = await t.app
        .get(DataSource)
        .query(`SELECT actor, format, row_count, file_name FROM market_imports WHERE symbol = 'SLV' AND actor = $1`, [`user:${adminEmail}`]);
      expect(audit).toEqual([{ actor: `user:${adminEmail}`, format: 'yahoo', row_count: 6, file_name: 'SLV.csv' }]);
    });

    it('imports Stooq files (bulk and per-symbol) in one request, the symbol given as a field', async () => {
      const res = await upload(adminToken)
        .field('symbol', 'slv')
        .attach('file', join(FIXTURES, 'slv.us.txt'))
        .attach('file', join(FIXTURES, 'SLV-stooq.csv'))
        .expect(201);
      expect(res.body.imports.map((i: { format: string; rows: number }) => [i.format, i.rows])).toEqual([
        ['stooq-bulk', 2],
        ['stooq', 1],
      ]);
      const after = await slvHistory();
      expect(after.find((b) => b.date === '2015-01-12')).toMatchObject({ close: 15.98, adj_close: 15.98 });
      expect(after.find((b) => b.date === '2015-01-14')).toMatchObject({ close: 16.38 });
    });

    it('imports nothing when any file has a bad row, listing every bad row by line', async () => {
      const good = 'Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-21,17,17.5,16.9,17.2,17.2,100\n';
      const res = await upload(adminToken)
        .field('symbol', 'SLV')
        .attach('file', Buffer.from(good), 'good.csv')
        .attach('file', join(FIXTURES, 'SLV-bad.csv'))
        .expect(422);
      expect(res.body.error).toBe('ValidationError');
      expect(res.body.message).toContain('nothing was imported');
      expect(res.body.details).toMatchObject({ field: 'file', code: 'INVALID_FORMAT' });
      expect(res.body.details.errors.map((e: { field: string; line: number }) => [e.field, e.line])).toEqual([
        ['SLV-bad.csv', 3],
        ['SLV-bad.csv', 4],
        ['SLV-bad.csv', 5],
      ]);
      expect(res.body.details.errors[1].message).toBe('line 4: 2015-01-17 is not an NYSE trading day');
      const rows = await t.app
        .get(DataSource)
        .query(`SELECT to_char(ts, 'YYYY-MM-DD') AS d FROM daily_bars WHERE symbol = 'SLV' AND source = 'csv' AND ts >= '2015-01-15'`);
      expect(rows).toEqual([]);
    });

    it('refuses unknown symbols, unreadable headers and requests without files', async () => {
      const unknown = await upload(adminToken).attach('file', Buffer.from(readFileSync(join(FIXTURES, 'SLV.csv'))), 'ZZZZ.csv').expect(422);
      expect(unknown.body.details.errors[0].message).toContain('unknown symbol ZZZZ');
      const header = await upload(adminToken).attach('file', Buffer.from('when,price\n2015-01-02,1\n'), 'SLV.csv').expect(422);
      expect(header.body.details.errors[0]).toMatchObject({ line: 1 });
      // Values the table cannot hold are bad rows (422 by line), not database errors.
      const huge = await upload(adminToken)
        .attach('file', Buffer.from('Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-21,1e20,1e20,1,1,0.0000001,100\n'), 'SLV.csv')
        .expect(422);
      expect(huge.body.details.errors[0]).toMatchObject({ line: 2 });
      expect(huge.body.details.errors[0].message).toContain('open 1e20 is too large');
      expect(huge.body.details.errors[0].message).toContain('adj close must be positive (at 6 decimals)');
      const none = await upload(adminToken).field('symbol', 'SLV').expect(422);
      expect(none.body.details).toMatchObject({ field: 'file', code: 'REQUIRED' });
    });

    it('MarketDataService.getDailyBars: stored bars as unrounded decimals with adjusted close and source', async () => {
      const csv = 'Date,Open,High,Low,Close,Adj Close,Volume\n2015-02-02,16.123456,16.5,16.000001,16.234567,15.987654,1234567\n';
      await upload(adminToken).field('symbol', 'SLV').attach('file', Buffer.from(csv), 'SLV.csv').expect(201);
      const market = t.app.get(MarketDataService);
      const bars = await market.getDailyBars('slv', '2015-01-30', '2015-02-03');
      expect(bars.map((b) => [b.date, b.source])).toEqual([
        ['2015-01-30', 'simulated'],
        ['2015-02-02', 'csv'],
        ['2015-02-03', 'simulated'],
      ]);
      const feb2 = bars[1];
      expect([feb2.open, feb2.high, feb2.low, feb2.close, feb2.adjClose, feb2.volume].map((v) => v?.toString())).toEqual([
        '16.123456',
        '16.5',
        '16.000001',
        '16.234567',
        '15.987654',
        '1234567',
      ]);
      for (const b of bars) expect(b.low.lte(b.high)).toBe(true);
      const closes = await market.getDailyCloses('SLV', '2015-01-30', '2015-02-03');
      expect(closes.map((c) => [c.date, c.close.toString(), c.adj_close?.toString() ?? null])).toEqual(
        bars.map((b) => [b.date, b.close.toString(), b.adjClose?.toString() ?? null]),
      );
      await expect(market.getDailyBars('ZZZZ', '2015-01-30', '2015-02-03')).rejects.toMatchObject({ errorName: 'NotFound' });
    });
  });

  describe('imported history drives the live simulated price', () => {
    // A week of CAT far below its simulated level, ending with the last session closed before OPEN.
    const CAT_CSV = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2025-06-03,118.00,119.60,117.20,119.10,117.90,5100000',
      '2025-06-04,119.20,120.40,118.30,118.70,117.51,4800000',
      '2025-06-05,118.60,121.00,118.10,120.80,119.59,5600000',
      '2025-06-06,121.00,122.40,120.20,121.90,120.68,6100000',
      '2025-06-09,122.10,123.00,120.90,121.50,120.29,4900000',
    ].join('\n');
    const imported = { date: '2025-06-09', open: 122.1, high: 123, low: 120.9, close: 121.5, adj_close: 120.29, volume: 4900000, source: 'csv' };
    const bearerGet = (app: TestApp, url: string) => app.http.get(url).set('Authorization', `Bearer ${token}`);

    it('continues quotes, daily and intraday bars from the imported close, here and on other instances', async () => {
      const other = await startTestApp({ MARKET_IMPORT_SYNC_MS: '500' }, withClock(new ManualClock(OPEN)));
      const port = (app: TestApp) => (app.app.getHttpServer().address() as AddressInfo).port;
      // Users connected to /ws/notifications on either instance hear about it (a system notice).
      const here = await ioConnect(`http://127.0.0.1:${port(t)}`, '/ws/notifications', { token });
      const there = await wsConnect(`ws://127.0.0.1:${port(other)}`, '/ws/notifications', { Authorization: `Bearer ${token}` });
      try {
        const before = (await get('/api/market/quote/CAT').expect(200)).body;
        expect(Math.abs(before.previous_close - 121.5)).toBeGreaterThan(20);
        const yearBefore = (await get('/api/market/historical/CAT?period=1y').expect(200)).body.data as Bar[];

        await t.http
          .post('/api/market/import')
          .set('Authorization', `Bearer ${adminToken}`)
          .attach('file', Buffer.from(CAT_CSV), 'CAT.csv')
          .expect(201);

        // The session in progress opens from the imported close with the model's own overnight gap.
        const quote = (await get('/api/market/quote/CAT').expect(200)).body;
        expect(quote.previous_close).toBe(121.5);
        expect(Math.abs(Math.log(quote.open / 121.5))).toBeLessThan(0.1);
        expect(Math.abs(Math.log(quote.price / 121.5))).toBeLessThan(0.15);
        expect(quote.change).toBeCloseTo(quote.price - 121.5, 4);
        expect(quote.source).toBe('simulated');

        // Daily history: imported days as imported, the live session from the quote, earlier days scaled to meet the import.
        const year = (await get('/api/market/historical/CAT?period=1y').expect(200)).body.data as Bar[];
        expect(year.find((b) => b.date === '2025-06-09')).toEqual(imported);
        const today = year[year.length - 1];
        expect(today).toMatchObject({ date: '2025-06-10', open: quote.open, high: quote.high, low: quote.low, close: quote.price, source: 'simulated' });
        // Adjusted closes carry the last imported adjusted/raw ratio, so adjusted returns do not jump at the seam.
        expect(today.adj_close! / today.close).toBeCloseTo(120.29 / 121.5, 4);
        const i = year.findIndex((b) => b.date === '2025-06-03');
        expect(Math.abs(Math.log(year[i].open / year[i - 1].close))).toBeLessThan(0.1);
        expect(year.length).toBe(yearBefore.length);
        // Same returns as before the import away from it, a different level.
        const ret = (bars: Bar[], k: number) => Math.log(bars[k].close / bars[k - 1].close);
        expect(ret(year, 100)).toBeCloseTo(ret(yearBefore, 100), 4);
        expect(year[100].close).not.toBeCloseTo(yearBefore[100].close, 0);
        expectOhlc(year);

        // The imported day's intraday path is pinned to its open, high, low, close and volume.
        const m5 = ((await get('/api/market/historical/CAT?period=5d&interval=5m').expect(200)).body.data as Bar[]).filter((b) =>
          b.date.startsWith('2025-06-09'),
        );
        expect(m5[0].open).toBe(122.1);
        expect(m5[m5.length - 1].close).toBe(121.5);
        expect(Math.max(...m5.map((b) => b.high))).toBe(123);
        expect(Math.min(...m5.map((b) => b.low))).toBe(120.9);
        expect(m5.reduce((a, b) => a + b.volume, 0)).toBe(4900000);

        // Bars generated before the import were stored under the plain seed tag; the new ones have their own.
        const tags: Array<{ source: string }> = await t.app
          .get(DataSource)
          .query(`SELECT DISTINCT source FROM daily_bars WHERE symbol = 'CAT' AND ts >= '2024-07-01' ORDER BY source`);
        expect(tags.map((r) => r.source)).toEqual(['csv', expect.stringMatching(/^simulated:octopus~[0-9a-f]{16}$/)]);

        // Another instance follows within MARKET_IMPORT_SYNC_MS.
        const deadline = Date.now() + 10_000;
        let seen = (await bearerGet(other, '/api/market/quote/CAT').expect(200)).body;
        while (seen.previous_close !== 121.5 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          seen = (await bearerGet(other, '/api/market/quote/CAT').expect(200)).body;
        }
        expect(seen).toEqual(quote);
        expect((await bearerGet(other, '/api/market/historical/CAT?period=1y').expect(200)).body.data).toEqual(year);

        const notice = {
          type: 'notification',
          kind: 'system',
          event: 'market_history_replaced',
          title: 'Market data replaced',
          symbol: 'CAT',
          first_date: '2025-06-03',
          last_date: '2025-06-09',
        };
        const isNotice = (m: Record<string, unknown>) => m.type === 'notification' && m.symbol === 'CAT';
        expect(await here.inbox.next(isNotice)).toMatchObject(notice);
        expect(await there.inbox.next(isNotice)).toMatchObject({ ...notice, message: expect.stringContaining('2025-06-03 to 2025-06-09') });
        await sleep(300);
        expect(here.inbox.count(isNotice) + there.inbox.count(isNotice)).toBe(2); // once per connection

        // The audit trail lists it (admins only), newest first, with cursor pagination.
        const admin = (url: string) => get(url, adminToken);
        await get('/api/market/imports').expect(403);
        const trail = (await admin('/api/market/imports?symbol=cat').expect(200)).body;
        expect(trail.imports[0]).toMatchObject({
          symbol: 'CAT',
          action: 'import',
          actor: `user:${adminEmail}`,
          file: 'CAT.csv',
          format: 'yahoo',
          rows: 5,
          first_date: '2025-06-03',
          last_date: '2025-06-09',
        });

        // Removing the import puts the simulation back, here and on the other instance, with a notice.
        await t.http.delete('/api/market/imports/CAT').set('Authorization', `Bearer ${token}`).expect(403);
        await t.http.delete('/api/market/imports/cat').set('Authorization', `Bearer ${adminToken}`).expect(204);
        expect((await get('/api/market/quote/CAT').expect(200)).body).toEqual(before);
        expect((await get('/api/market/historical/CAT?period=1y').expect(200)).body.data).toEqual(yearBefore);
        const p1 = (await admin('/api/market/imports?symbol=CAT&limit=1').expect(200)).body;
        expect(p1.imports).toHaveLength(1);
        expect(p1.imports[0]).toMatchObject({ action: 'removal', actor: `user:${adminEmail}`, format: null, file: null, rows: 5, first_date: '2025-06-03', last_date: '2025-06-09' });
        const p2 = (await admin(`/api/market/imports?symbol=CAT&limit=1&cursor=${p1.next_cursor}`).expect(200)).body;
        expect(p2.imports.map((i: { action: string }) => i.action)).toEqual(['import']);
        expect(p2.next_cursor).toBeNull();
        await admin('/api/market/imports?cursor=nonsense').expect(422);
        await admin('/api/market/imports?limit=501').expect(422);
        const back = Date.now() + 10_000;
        while ((await bearerGet(other, '/api/market/quote/CAT')).body.previous_close === 121.5 && Date.now() < back) await sleep(200);
        expect((await bearerGet(other, '/api/market/quote/CAT').expect(200)).body).toEqual(before);
        const isRemoval = (m: Record<string, unknown>) => isNotice(m) && m.first_date === null;
        expect(await here.inbox.next(isRemoval)).toMatchObject({ event: 'market_history_replaced', message: expect.stringContaining('removed') });
        await there.inbox.next(isRemoval);
        const again = await t.http.delete('/api/market/imports/CAT').set('Authorization', `Bearer ${adminToken}`).expect(404);
        expect(again.body.message).toBe('Imported history of CAT not found');
        await t.http.delete('/api/market/imports/ZZZZ').set('Authorization', `Bearer ${adminToken}`).expect(404);
        await t.http.delete('/api/market/imports/$$').set('Authorization', `Bearer ${adminToken}`).expect(422);
      } finally {
        here.close();
        there.close();
        await other.close();
      }
    });
  });
});
