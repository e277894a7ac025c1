// The whole app (dist/, built by ensureBuild) as a server process of its own, with the market under the test's
// control: CLOCK is a ManualClock and MARKET_DATA_PROVIDER must be `manual`, both set over IPC. Everything else is
// what `node dist/src/main.js` runs (same AppModule, configureApp, pino logs, timers: the strategy runner passes on
// STRATEGY_RUNNER_INTERVAL_MS by itself), so the test can SIGKILL it and start another on the same database.
// Nothing in src/ changes for it: no production code reads a test clock.
//   env FAULT_MARKET = path of a JSON file { at, bars: { SYMBOL: [{date, open, high, low, close, volume}] },
//                      prices: { SYMBOL: { price, open } } }: the market when the process starts, before any timer
//   ← { type: 'market', seq, at, prices }   moves the clock to `at` and sets the prices (each a trade)
//   → { type: 'market-ok', seq }
require('reflect-metadata');
const { readFileSync } = require('node:fs');
const { Test } = require('@nestjs/testing');
const { Logger } = require('nestjs-pino');
const { AppModule } = require('../../../dist/src/app.module');
const { configureApp, createAppHttpAdapter } = require('../../../dist/src/app.setup');
const { ManualClock } = require('../../../dist/src/market/clock');
const { CLOCK } = require('../../../dist/src/market/market.contracts');
const { ManualMarketProvider } = require('../../../dist/src/market/providers/manual.provider');

function apply(clock, manual, at, prices) {
  clock.set(at);
  for (const [symbol, p] of Object.entries(prices ?? {})) manual.setPrice(symbol, p.price, { open: p.open });
}

async function main() {
  if (process.env.MARKET_DATA_PROVIDER !== 'manual') throw new Error('market-server needs MARKET_DATA_PROVIDER=manual');
  const initial = JSON.parse(readFileSync(process.env.FAULT_MARKET, 'utf8'));
  const clock = new ManualClock(initial.at);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication(createAppHttpAdapter(), { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  configureApp(app);
  const manual = app.get(ManualMarketProvider);
  for (const [symbol, bars] of Object.entries(initial.bars)) manual.setDailyBars(symbol, bars);
  apply(clock, manual, initial.at, initial.prices);
  process.on('message', (m) => {
    if (m.type !== 'market') return;
    apply(clock, manual, m.at, m.prices);
    process.send({ type: 'market-ok', seq: m.seq });
  });
  const port = Number(process.env.PORT);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`Octopus listening on http://127.0.0.1:${port} (market-server, pid ${process.pid})\n`);
}

main().catch((err) => {
  process.stderr.write(`market-server failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
