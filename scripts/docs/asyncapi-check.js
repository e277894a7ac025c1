#!/usr/bin/env node
// Validates an AsyncAPI document (default docs/asyncapi.yaml) with @asyncapi/parser and prints a JSON summary:
// { version, channels: [{ address, messages }], operations, errors: ["path: message"] }. Exits 1 on any error.
// Run as its own process: under jest's module registry the parser's ajv plugins fail to compile their schemas.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { DiagnosticSeverity, Parser } = require('@asyncapi/parser');

async function main() {
  const file = process.argv[2] ?? join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
  const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.path.join('.')}: ${d.message}`);
  const summary = {
    version: document ? document.version() : null,
    channels: document ? document.channels().all().map((c) => ({ address: c.address(), messages: c.messages().all().length })) : [],
    operations: document ? document.operations().all().map((o) => ({ id: o.id(), channels: o.channels().all().length })) : [],
    errors,
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  process.exitCode = errors.length > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
