import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OctopusTrading } from '../src';
import { startStack, type Stack } from './support/stack';

const PKG = join(__dirname, '..');
const TSC = join(PKG, 'node_modules', '.bin', 'tsc');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The packed tarball, installed into an empty folder, works from `require` and `import`; and the seed's snippet
 * runs as written against a server on localhost:8000 (only the placeholders — key and portfolio id — replaced).
 */
describe('the packed package (npm pack → fresh folder)', () => {
  let s: Stack;
  let dir: string;
  let portfolioId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-sdk-consumer-'));
    npm(['pack', '--pack-destination', dir, '--silent'], PKG);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^octopus-trading-sdk-\d+\.\d+\.\d+\.tgz$/);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    npm(['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], dir);
    s = await startStack({ HOST: '::' }, { port: 8000 });
    portfolioId = (await new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey }).portfolios.create({ name: 'Seed' })).id;
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const node = (file: string) => execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });

  it('works from require (CommonJS)', () => {
    writeFileSync(
      join(dir, 'cjs.cjs'),
      `const { OctopusTrading, NotFoundError } = require('@octopus/trading-sdk');
const client = new OctopusTrading({ baseUrl: ${JSON.stringify(s.url)}, apiKey: ${JSON.stringify(s.apiKey)} });
client.market.getQuote('AAPL').then(async (q) => {
  const missing = await client.orders.get('00000000-0000-4000-8000-000000000000').catch((e) => e);
  console.log(JSON.stringify({ symbol: q.symbol, notFound: missing instanceof NotFoundError }));
});`,
    );
    expect(JSON.parse(node('cjs.cjs'))).toEqual({ symbol: 'AAPL', notFound: true });
  });

  it('works from import (ESM)', () => {
    writeFileSync(
      join(dir, 'esm.mjs'),
      `import { OctopusTrading, OctopusError } from '@octopus/trading-sdk';
const client = new OctopusTrading({ baseUrl: ${JSON.stringify(s.url)}, apiKey: ${JSON.stringify(s.apiKey)} });
const clock = await client.market.clock();
const err = await client.portfolios.get('00000000-0000-4000-8000-000000000000').catch((e) => e);
console.log(JSON.stringify({ open: typeof clock.is_open, typed: err instanceof OctopusError, status: err.status }));`,
    );
    expect(JSON.parse(node('esm.mjs'))).toEqual({ open: 'boolean', typed: true, status: 404 });
  });

  it("the seed's snippet type-checks against the packed types and runs as written", async () => {
    const snippet = `import { OctopusTrading } from '@octopus/trading-sdk';

const client = new OctopusTrading({ baseUrl: 'http://localhost:8000', apiKey: '${s.apiKey}' });
const portfolio = await client.portfolios.get('${portfolioId}');
client.subscribe('AAPL', (quote) => console.log(\`AAPL: $\${quote.price}\`));
`;
    writeFileSync(join(dir, 'seed.mts'), snippet);
    writeFileSync(join(dir, 'seed.mjs'), snippet);
    // Strict, and `quote` is typed from the spec: a misspelt field would fail here.
    execFileSync(TSC, ['--noEmit', '--strict', '--noUnusedLocals', 'false', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2023,dom', '--skipLibCheck', 'seed.mts'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const proc = spawn(process.execPath, ['seed.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      const started = Date.now();
      while (!/AAPL: \$\d+(\.\d+)?\n/.test(out)) {
        if (proc.exitCode !== null || Date.now() - started > 20_000) throw new Error(`the snippet printed no quote:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      proc.kill();
      await exited;
    }
  });
});
