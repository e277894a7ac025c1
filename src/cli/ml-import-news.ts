import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppModule } from '../app.module';
import { parseNewsFile } from '../ml/sentiment/domain/news-file';
import { MAX_BATCH, SentimentService } from '../ml/sentiment/sentiment.service';

const USAGE = 'usage: npm run ml:import-news -- [--source NAME] <file.jsonl|file.csv>...\n';

/**
 * `npm run ml:import-news -- <file>...`: news items and posts from archives, validated, matched, scored and
 * deduplicated exactly like POST /api/ml/news (embedded mode: with the server stopped). Items without `source`
 * get the file name (or --source). Rejected items are listed by line; exits 1 if any was.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let source: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--source') source = args[++i];
    else if (args[i] === '--help' || args[i] === '-h') {
      process.stdout.write(USAGE);
      return;
    } else files.push(args[i]);
  }
  if (!files.length || (source !== undefined && !source)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: false, abortOnError: false });
  app.useLogger(['error', 'warn']);
  let failed = 0;
  try {
    const sentiment = app.get(SentimentService);
    for (const file of files) {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (err) {
        process.stderr.write(`${file}: cannot read (${(err as Error).message})\n`);
        failed++;
        continue;
      }
      const rows = parseNewsFile(file, content);
      const totals = { inserted: 0, duplicate: 0, rejected: 0 };
      for (const r of rows.filter((x) => x.error)) {
        totals.rejected++;
        process.stderr.write(`${file}: line ${r.line}: ${r.error}\n`);
      }
      const good = rows.filter((x) => !x.error);
      for (let i = 0; i < good.length; i += MAX_BATCH) {
        const chunk = good.slice(i, i + MAX_BATCH);
        const res = await sentiment.ingest(chunk.map((r) => r.item), { defaultSource: source ?? `file:${basename(file)}`, allRejectedIs422: false });
        totals.inserted += res.inserted;
        totals.duplicate += res.duplicate;
        totals.rejected += res.rejected;
        for (const o of res.items.filter((x) => x.status === 'rejected'))
          process.stderr.write(`${file}: line ${chunk[o.index].line}: ${(o.reasons ?? []).map((p) => `${p.field || 'item'}: ${p.message}`).join('; ')}\n`);
      }
      if (totals.rejected) failed++;
      process.stdout.write(`${file}: ${totals.inserted} inserted, ${totals.duplicate} duplicate, ${totals.rejected} rejected\n`);
    }
  } finally {
    await app.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`ml:import-news failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
