import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { registerAndLogin, startTestApp, type TestApp } from '../../test/support/app';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'web', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENV = { WEB_DIST_DIR: join(ROOT, 'web', 'dist'), TRADING_HOURS: 'always', MARKET_TICK_MS: '250', WS_PORTFOLIO_THROTTLE_MS: '100', REDIS_URL };

const origin = (t: TestApp) => `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;

describe('dashboard against two instances behind one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    a = await startTestApp(ENV);
    b = await startTestApp(ENV);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
  });

  it('shows on instance B the fill of an order placed through instance A, without a reload', async () => {
    const user = await registerAndLogin(a.http);
    const portfolio = await a.http.post('/api/portfolios').set('Authorization', `Bearer ${user.access}`).send({ name: 'Shared', initial_cash: 50000 }).expect(201);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${origin(b)}/`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'Portfolios' }).click();
    await page.getByRole('link', { name: 'Shared' }).click();
    await page.getByText('No positions yet', { exact: false }).waitFor();
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

    await a.http
      .post('/api/orders')
      .set('Authorization', `Bearer ${user.access}`)
      .send({ portfolio_id: portfolio.body.id, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 3 })
      .expect(201);

    const row = page.locator('[data-testid="positions"] tr[data-symbol="MSFT"]');
    await row.waitFor({ timeout: 20_000 });
    await page.locator('.toast', { hasText: /Order fill: buy 3 MSFT/ }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS, '05-two-instances.png') });
  });
});
