import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * docs/asyncapi.yaml is the contract of the four realtime channels. Like docs/openapi.json it is checked in CI:
 * it must parse and validate as AsyncAPI 3.0.0 (@asyncapi/parser, in its own process: see the script) with no
 * error and name the channels the server serves.
 */
const ROOT = join(__dirname, '..');
const SOURCE = readFileSync(join(ROOT, 'docs', 'asyncapi.yaml'), 'utf8');

interface Summary {
  version: string | null;
  channels: { address: string; messages: number }[];
  operations: { id: string; channels: number }[];
  errors: string[];
}

async function check(file?: string): Promise<Summary> {
  const args = [join(ROOT, 'scripts', 'docs', 'asyncapi-check.js'), ...(file ? [file] : [])];
  try {
    return JSON.parse((await promisify(execFile)(process.execPath, args, { cwd: ROOT })).stdout) as Summary;
  } catch (err) {
    const { stdout, code } = err as { stdout?: string; code?: number };
    if (code === 1 && stdout) return JSON.parse(stdout) as Summary; // validation errors
    throw err;
  }
}

describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  it('validates as AsyncAPI 3.0.0 with no errors and documents the four channels with their messages', async () => {
    const s = await check();
    expect(s.errors).toEqual([]);
    expect(s.version).toBe('3.0.0');
    expect(s.channels.map((c) => c.address).sort()).toEqual(['/ws/market-data', '/ws/notifications', '/ws/portfolio/{portfolioId}', '/ws/trading']);
    for (const c of s.channels) expect(c.messages).toBeGreaterThan(0);
    expect(s.operations.length).toBeGreaterThanOrEqual(8);
    for (const op of s.operations) expect(op.channels).toBe(1);
  });

  it('fails on a broken document (the check is real)', async () => {
    const broken = SOURCE.replace(/\$ref: '#\/components\/messages\/([A-Za-z]+)'/, "$ref: '#/components/messages/NoSuchMessage'");
    expect(broken).not.toBe(SOURCE);
    const dir = mkdtempSync(join(tmpdir(), 'asyncapi-'));
    try {
      writeFileSync(join(dir, 'asyncapi.yaml'), broken);
      expect((await check(join(dir, 'asyncapi.yaml'))).errors.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
