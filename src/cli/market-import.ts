import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { AppModule } from '../app.module';
import { MarketImportService } from '../market/import/market-import.service';

const USAGE = 'usage: npm run market:import -- [--symbol SYMBOL] <file.csv|file.txt>...\n';

/**
 * `npm run market:import -- <file>...`: imports daily OHLCV from Yahoo or Stooq CSV files (imported bars
 * take precedence over simulated and fetched ones). Each file is all or nothing; bad rows are listed by
 * line. Exits 1 if any file was refused.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let symbol: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--symbol' || args[i] === '-s') symbol = args[++i];
    else if (args[i] === '--help' || args[i] === '-h') {
      process.stdout.write(USAGE);
      return;
    } else files.push(args[i]);
  }
  if (!files.length || (symbol !== undefined && !symbol)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: false, abortOnError: false });
  app.useLogger(['error', 'warn']);
  let failed = 0;
  try {
    const imports = app.get(MarketImportService);
    const actor = { userId: null, label: `cli:${userInfo().username}` };
    for (const file of files) {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (err) {
        process.stderr.write(`${file}: cannot read (${(err as Error).message})\n`);
        failed++;
        continue;
      }
      const prepared = imports.prepare({ name: file, content, symbol });
      if ('errors' in prepared) {
        failed++;
        process.stderr.write(`${file}: refused, nothing imported${prepared.symbol ? ` (${prepared.symbol})` : ''}\n`);
        for (const e of prepared.errors) process.stderr.write(e.line > 0 ? `  line ${e.line}: ${e.message}\n` : `  ${e.message}\n`);
        continue;
      }
      const [s] = await imports.commit([prepared], actor);
      process.stdout.write(`${file}: imported ${s.rows} ${s.format} bar(s) of ${s.symbol}, ${s.first_date} .. ${s.last_date}\n`);
    }
  } finally {
    await app.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`market:import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
