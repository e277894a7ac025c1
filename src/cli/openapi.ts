import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from '../app.setup';
import { buildOpenApiDocument } from '../docs/openapi';

/** `npm run openapi [-- <file>]`: writes the OpenAPI document (default docs/openapi.json) without listening. */
async function main(): Promise<void> {
  const file = process.argv[2] ?? 'docs/openapi.json';
  const app = await createApp({ logger: false });
  try {
    await app.init();
    writeFileSync(file, JSON.stringify(buildOpenApiDocument(app), null, 2) + '\n');
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await app.close();
  }
}

void main();
