import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';

/** `npm run user:admin -- <email>`: gives an existing user the admin role (effective at their next token). */
async function main(): Promise<void> {
  const email = process.argv[2];
  if (!email) {
    process.stderr.write('usage: npm run user:admin -- <email>\n');
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: ['error'] });
  try {
    const rows: unknown[][] = await app
      .get(DataSource)
      .query(`UPDATE users SET role = 'admin', updated_at = now() WHERE lower(email) = lower($1) RETURNING id`, [email]);
    const updated = Array.isArray(rows[0]) ? rows[0].length : rows.length;
    if (!updated) {
      process.stderr.write(`no user with email ${email}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`${email} is now an admin (from their next login or token refresh)\n`);
    }
  } finally {
    await app.close();
  }
}

void main();
