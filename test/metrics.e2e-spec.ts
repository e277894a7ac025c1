import type { AddressInfo } from 'node:net';
import { useTestApp } from './support/suite';
import { until, wsConnect } from './support/ws';

const TOKEN = 'metrics-token-for-the-e2e-run';

/* GET /metrics (issue 17, item 5): Prometheus text with the request histogram, order, realtime, job and pool figures. */
describe('metrics (e2e)', () => {
  const s = useTestApp({ env: { METRICS_TOKEN: TOKEN } });
  const scrape = async () => (await s.t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

  it('needs the token when METRICS_TOKEN is set', async () => {
    const res = await s.t.http.get('/metrics').expect(401);
    expect(res.body).toMatchObject({ error: 'Unauthorized' });
    await s.t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-of-other-len').expect(401);
  });

  it('shows the request histogram by route pattern and status, and process figures', async () => {
    await s.get('/api/auth/me').expect(200);
    await s.get('/api/portfolios/00000000-0000-4000-8000-000000000000').expect(404);
    await s.t.http.get('/api/no-such-route').expect(404);
    // A request is observed when its response finishes, which may be just after the client has it.
    await until(async () => (await scrape()).includes('route="unmatched",status="404"'), 5000, 'the 404 observed');
    const res = await s.t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(text).toMatch(/octopus_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/auth\/me",status="200"\}/);
    expect(text).toMatch(/octopus_http_request_duration_seconds_count\{method="GET",route="\/api\/portfolios\/:id",status="404"\} 1/);
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).toContain('octopus_nodejs_eventloop_lag_seconds');
    expect(text).toContain('octopus_process_cpu_user_seconds_total');
    expect(text).toMatch(/octopus_db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/octopus_ml_jobs\{status="queued"\} \d+/);
  });

  it('counts order events and realtime connections and messages', async () => {
    const p = (await s.t.http.post('/api/portfolios').set('Authorization', `Bearer ${s.token}`).send({ name: 'M', initial_cash: 1000 }).expect(201)).body.id;
    await s.t.http
      .post('/api/orders')
      .set('Authorization', `Bearer ${s.token}`)
      .send({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', price: 1, quantity: 1, time_in_force: 'gtc' })
      .expect(201);
    await until(async () => /octopus_order_events_total\{event="new"\} [1-9]/.test(await scrape()), 5000, 'the order event counted');
    const { port } = s.t.app.getHttpServer().address() as AddressInfo;
    const c = await wsConnect(`ws://127.0.0.1:${port}`, '/ws/notifications', { Authorization: `Bearer ${s.token}` });
    try {
      const text = await scrape();
      expect(text).toMatch(/octopus_ws_connections\{channel="notifications",transport="ws"\} 1/);
      expect(text).toMatch(/octopus_ws_messages_sent_total\{channel="notifications"\} [1-9]/);
    } finally {
      c.close();
    }
    await until(async () => /octopus_ws_connections\{channel="notifications",transport="ws"\} 0/.test(await scrape()), 5000, 'the connection gone');
  });
});

describe('metrics without a token (e2e)', () => {
  const s = useTestApp({ user: false });
  it('is open', async () => {
    const res = await s.t.http.get('/metrics').expect(200);
    expect(res.text).toContain('octopus_http_request_duration_seconds');
  });
});
