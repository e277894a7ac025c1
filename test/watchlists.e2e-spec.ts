import { registerAndLogin } from './support/app';
import { useTestApp } from './support/suite';

describe('watchlists (e2e)', () => {
  const s = useTestApp({ env: { WATCHLISTS_MAX_PER_USER: '3', WATCHLISTS_MAX_SYMBOLS: '4' } });
  const auth = (token = s.token) => ({ Authorization: `Bearer ${token}` });
  const create = (body: object, token?: string) => s.t.http.post('/api/watchlists').set(auth(token)).send(body);

  it('creates a list with its symbols upper-cased, repeats dropped and order kept, and reads it back', async () => {
    const res = await create({ name: '  Tech  ', symbols: ['msft', 'AAPL', 'Msft'] }).expect(201);
    expect(res.body).toMatchObject({ name: 'Tech', symbols: ['MSFT', 'AAPL'] });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await s.get(`/api/watchlists/${res.body.id}`).expect(200)).body).toEqual(res.body);
    const empty = await create({ name: 'Empty' }).expect(201);
    expect(empty.body.symbols).toEqual([]);
    expect((await create({ name: 'TECH' }).expect(409)).body).toMatchObject({ error: 'Conflict', details: { field: 'name' } });
  });

  it('adds symbols at the end, idempotently, and removes them idempotently', async () => {
    const { id } = (await create({ name: 'Adds', symbols: ['AAPL'] }).expect(201)).body;
    const add = (symbol: string) => s.t.http.post(`/api/watchlists/${id}/symbols`).set(auth()).send({ symbol });
    expect((await add('nvda').expect(200)).body.symbols).toEqual(['AAPL', 'NVDA']);
    const again = await add('NVDA').expect(200);
    expect(again.body.symbols).toEqual(['AAPL', 'NVDA']);
    await s.t.http.delete(`/api/watchlists/${id}/symbols/aapl`).set(auth()).expect(204);
    await s.t.http.delete(`/api/watchlists/${id}/symbols/AAPL`).set(auth()).expect(204);
    expect((await s.get(`/api/watchlists/${id}`).expect(200)).body.symbols).toEqual(['NVDA']);
    // Concurrent adds on one list lose none of them (row lock).
    await Promise.all(['MSFT', 'GOOGL', 'AMZN'].map((sym) => add(sym).expect(200)));
    expect([...(await s.get(`/api/watchlists/${id}`).expect(200)).body.symbols].sort()).toEqual(['AMZN', 'GOOGL', 'MSFT', 'NVDA']);
    // The fifth symbol is over WATCHLISTS_MAX_SYMBOLS=4; a repeat still succeeds.
    const over = await add('TSLA').expect(422);
    expect(over.body).toMatchObject({ error: 'ValidationError', details: { field: 'symbols', code: 'OUT_OF_RANGE' } });
    await add('MSFT').expect(200);
    await s.t.http.delete(`/api/watchlists/${id}`).set(auth()).expect(204);
    await s.get(`/api/watchlists/${id}`).expect(404);
  });

  it('refuses unknown and malformed symbols with the field that names them', async () => {
    const unknown = await create({ name: 'Bad', symbols: ['AAPL', 'ZZZZ'] }).expect(422);
    expect(unknown.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbols[1]', code: 'UNKNOWN_SYMBOL' } });
    const malformed = await create({ name: 'Bad', symbols: ['AAPL', '1BAD!'] }).expect(422);
    expect(malformed.body).toMatchObject({ error: 'ValidationError' });
    expect(malformed.body.details.field).toMatch(/^symbols/);
    const tooMany = await create({ name: 'Bad', symbols: ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA'] }).expect(422);
    expect(tooMany.body.details).toMatchObject({ field: 'symbols', code: 'OUT_OF_RANGE' });
    const list = (await s.get('/api/watchlists').expect(200)).body.watchlists as { id: string }[];
    const add = await s.t.http.post(`/api/watchlists/${list[0].id}/symbols`).set(auth()).send({ symbol: 'nope' }).expect(422);
    expect(add.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbol', code: 'UNKNOWN_SYMBOL' } });
    await create({ symbols: [] }).expect(422);
    await create({ name: '   ' }).expect(422);
  });

  it('replaces name and symbols with PUT, and keeps names unique per user (409)', async () => {
    const { id } = (await create({ name: 'Swap', symbols: ['AAPL', 'MSFT'] }).expect(201)).body;
    const put = await s.t.http.put(`/api/watchlists/${id}`).set(auth()).send({ name: 'Swapped', symbols: ['nvda', 'aapl'] }).expect(200);
    expect(put.body).toMatchObject({ id, name: 'Swapped', symbols: ['NVDA', 'AAPL'] });
    expect(new Date(put.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(put.body.created_at).getTime());
    const dup = await s.t.http.put(`/api/watchlists/${id}`).set(auth()).send({ name: 'tech', symbols: [] }).expect(409);
    expect(dup.body).toMatchObject({ error: 'Conflict', details: { field: 'name' } });
    await s.t.http.put(`/api/watchlists/${id}`).set(auth()).send({ name: 'Swapped' }).expect(422);
  });

  it('limits lists per user and pages through them oldest first with a cursor', async () => {
    // Tech, Empty, Swapped exist: the limit is 3.
    const over = await create({ name: 'Fourth' }).expect(422);
    expect(over.body.details).toMatchObject({ field: 'name', code: 'OUT_OF_RANGE' });
    const first = await s.get('/api/watchlists?limit=2').expect(200);
    expect(first.body.watchlists.map((w: { name: string }) => w.name)).toEqual(['Tech', 'Empty']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await s.get(`/api/watchlists?limit=2&cursor=${first.body.next_cursor}`).expect(200);
    expect(second.body.watchlists.map((w: { name: string }) => w.name)).toEqual(['Swapped']);
    expect(second.body.next_cursor).toBeNull();
    await s.get('/api/watchlists?cursor=garbage').expect(422);
  });

  it("hides one user's lists from another (404, never 403) and leaves them intact", async () => {
    const bob = await registerAndLogin(s.t.http);
    const mine = (await s.get('/api/watchlists').expect(200)).body.watchlists[0];
    await s.get(`/api/watchlists/${mine.id}`, bob.access).expect(404);
    await s.t.http.put(`/api/watchlists/${mine.id}`).set(auth(bob.access)).send({ name: 'x', symbols: [] }).expect(404);
    await s.t.http.post(`/api/watchlists/${mine.id}/symbols`).set(auth(bob.access)).send({ symbol: 'TSLA' }).expect(404);
    await s.t.http.delete(`/api/watchlists/${mine.id}/symbols/MSFT`).set(auth(bob.access)).expect(404);
    await s.t.http.delete(`/api/watchlists/${mine.id}`).set(auth(bob.access)).expect(404);
    expect((await s.get('/api/watchlists', bob.access).expect(200)).body).toEqual({ watchlists: [], next_cursor: null });
    // The same name is free for another user.
    await create({ name: mine.name }, bob.access).expect(201);
    expect((await s.get(`/api/watchlists/${mine.id}`).expect(200)).body).toEqual(mine);
    await s.get('/api/watchlists/not-a-uuid').expect(404);
    await s.t.http.get('/api/watchlists').expect(401);
  });
});
