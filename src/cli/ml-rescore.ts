import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { SentimentService } from '../ml/sentiment/sentiment.service';

/**
 * `npm run ml:rescore [-- --all]`: rescores stored news items with the current finance lexicon — those scored with
 * another lexicon version, or every item with --all.
 */
async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: false, abortOnError: false });
  app.useLogger(['error', 'warn']);
  try {
    const r = await app.get(SentimentService).rescore(all);
    process.stdout.write(`rescored ${r.rescored} item(s) with lexicon ${r.lexicon_version}\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ml:rescore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
