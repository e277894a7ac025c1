/**
 * Sentiment throughput: (1) items scored per second by the pure scorer (VADER + finance lexicon, title and body),
 * (2) ingest of 10,000 items through POST /api/ml/news in batches of 500 against the built server (dist/) on a
 * fresh PostgreSQL database, then the same 10,000 again (all duplicates).
 *
 *   npm run bench:sentiment            # BENCH_ITEMS=10000 BENCH_BATCH=500 BENCH_CONCURRENCY=2
 *
 * Prints a table and writes its section of bench/RESULTS.md (between the sentiment markers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { LABELLED } from '../src/ml/sentiment/__fixtures__/labelled-headlines';
import { scoreItem } from '../src/ml/sentiment/domain/scoring';
import { createDatabase } from '../test/support/database';
import { api, ensureBuild, ROOT, startServer } from './orders-server';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const START = '<!-- sentiment:start -->';
const END = '<!-- sentiment:end -->';
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA', 'META', 'JPM', 'XOM'];
const BODY = 'Revenue rose on strong demand. Analysts said margins improved. The company reaffirmed guidance for the year.';

function item(i: number) {
  const [text] = LABELLED[i % LABELLED.length];
  return { title: `${text} (${i})`, text: BODY, external_id: `bench-${i}`, source: 'bench', symbols: [SYMBOLS[i % SYMBOLS.length]], published_at: new Date(Date.now() - (i % 1000) * 60_000).toISOString() };
}

function scoring(): { perSecond: number; n: number } {
  for (let i = 0; i < 2000; i++) scoreItem(item(i).title, BODY); // warm-up
  const n = 20_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) scoreItem(item(i).title, BODY);
  return { perSecond: n / (Number(process.hrtime.bigint() - t0) / 1e9), n };
}

async function ingest(base: string, token: string, offset: number): Promise<{ seconds: number; inserted: number; duplicate: number }> {
  const batches: unknown[][] = [];
  for (let i = 0; i < ITEMS; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, ITEMS - i) }, (_, k) => item(offset + i + k)));
  let inserted = 0;
  let duplicate = 0;
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const b = batches[next++];
        const r = await api<{ inserted: number; duplicate: number }>(base, 'POST', '/api/ml/news', { items: b }, token, [200]);
        inserted += r.body.inserted;
        duplicate += r.body.duplicate;
      }
    }),
  );
  return { seconds: (Date.now() - t0) / 1000, inserted, duplicate };
}

async function main(): Promise<void> {
  const scored = scoring();
  ensureBuild();
  const db = await createDatabase('octopus_bench');
  const email = `bench.admin.${Date.now()}@example.com`;
  const server = await startServer('sentiment', db.url, { ADMIN_EMAILS: email, DB_POOL_SIZE: '10' });
  try {
    const password = 'correct horse battery';
    await api(server.url, 'POST', '/api/auth/register', { email, password });
    const token = (await api<{ access_token: string }>(server.url, 'POST', '/api/auth/login', { email, password }, undefined, [200])).body.access_token;
    const first = await ingest(server.url, token, 0);
    const again = await ingest(server.url, token, 0);
    const rows = [
      ['items scored / s (title + 3-sentence body, one core)', scored.perSecond.toFixed(0)],
      [`ingest of ${ITEMS} new items, POST /api/ml/news × ${Math.ceil(ITEMS / BATCH)} (${BATCH}/batch, ${CONCURRENCY} concurrent)`, `${(first.inserted / first.seconds).toFixed(0)} items/s (${first.seconds.toFixed(1)} s, ${first.inserted} inserted)`],
      [`the same ${ITEMS} again (all duplicates)`, `${(ITEMS / again.seconds).toFixed(0)} items/s (${again.seconds.toFixed(1)} s, ${again.duplicate} duplicate)`],
    ];
    const table = [`Sentiment (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, PostgreSQL)`, '', '| measure | result |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
    process.stdout.write(`${table}\n`);
    const md = readFileSync(RESULTS, 'utf8');
    const section = `${START}\n${table}\n${END}`;
    writeFileSync(RESULTS, md.includes(START) ? md.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${md.trimEnd()}\n\n## Sentiment\n\n${section}\n`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
