import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusyError, lockDataDir } from './data-dir-lock';

const ROOT = join(__dirname, '..', '..');
const noCompromise = (err: Error) => {
  throw err;
};

/** A node process running `code` with this module compiled on the fly; resolves to its stdout once it exits. */
function child(code: string): { pid: number; done: Promise<string>; kill(): Promise<void> } {
  const p = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  return {
    pid: p.pid as number,
    done: exited.then(() => out),
    kill: async () => {
      p.kill('SIGKILL');
      await exited;
    },
  };
}

const waitFor = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('lockDataDir', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let data: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-lock-'));
    data = join(dir, 'pgdata');
    mkdirSync(data);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the directory for one owner at a time in this process (whatever the path spelling), and releases it', async () => {
    const release = await lockDataDir(data, noCompromise);
    expect(existsSync(`${data}.lock`)).toBe(true);
    await expect(lockDataDir(join(dir, '.', 'pgdata', '..', 'pgdata'), noCompromise)).rejects.toThrow(DataDirBusyError);
    await release();
    expect(existsSync(`${data}.lock`)).toBe(false);
    await (await lockDataDir(data, noCompromise))();
  });

  it('refuses at once while another live process holds it, naming it, and takes over once that process died', async () => {
    const holder = child(
      `require('./src/database/data-dir-lock').lockDataDir(${JSON.stringify(data)}, () => {}, { staleMs: 2000, updateMs: 500 })` +
        `.then(() => { console.log('locked'); setTimeout(() => {}, 60000); });`,
    );
    await waitFor(() => existsSync(`${data}.owner`) && existsSync(`${data}.lock`));
    const t0 = Date.now();
    await expect(lockDataDir(data, noCompromise, { staleMs: 2000, updateMs: 500 })).rejects.toThrow(
      new RegExp(`in use by process ${holder.pid} on ${hostname()}.*DATABASE_URL`),
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    await holder.kill();
    expect((await holder.done).trim()).toBe('locked');
    // Its lock stays behind until it is stale; a dead holder on this host is waited out, then taken over.
    expect(existsSync(`${data}.lock`)).toBe(true);
    const release = await lockDataDir(data, noCompromise, { staleMs: 2000, updateMs: 500 });
    await release();
  });

  it('lets exactly one of several processes racing for it win', async () => {
    const racers = Array.from({ length: 4 }, () =>
      child(
        `require('./src/database/data-dir-lock').lockDataDir(${JSON.stringify(data)}, () => {}, { staleMs: 5000, updateMs: 1000 })` +
          `.then((release) => { console.log('locked'); setTimeout(() => release().then(() => process.exit(0)), 3000); },` +
          ` (err) => { console.log(err.name); process.exit(0); });`,
      ),
    );
    const outcomes = (await Promise.all(racers.map((r) => r.done))).map((o) => o.trim());
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataDirBusyError')).toHaveLength(3);
  });

  it('does not take the lock from a live holder whose heartbeat stalled, and replaces an old plain-file lock', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      mkdirSync(`${data}.lock`);
      const old = new Date(Date.now() - 60_000);
      utimesSync(`${data}.lock`, old, old);
      writeFileSync(`${data}.owner`, JSON.stringify({ pid: sleeper.pid, host: hostname(), since: 'earlier' }));
      await expect(lockDataDir(data, noCompromise, { staleMs: 1000, updateMs: 250 })).rejects.toThrow(`in use by process ${sleeper.pid}`);
    } finally {
      const exited = new Promise((r) => sleeper.once('exit', r));
      sleeper.kill('SIGKILL');
      await exited;
    }
    rmSync(`${data}.lock`, { recursive: true });
    writeFileSync(`${data}.lock`, '12345\n');
    await (await lockDataDir(data, noCompromise, { staleMs: 1000, updateMs: 250 }))();
  });

  it('takes over a lock whose owner file names this pid (a restarted container) once it is stale', async () => {
    mkdirSync(`${data}.lock`);
    writeFileSync(`${data}.owner`, JSON.stringify({ pid: process.pid, host: hostname(), since: 'earlier' }));
    const release = await lockDataDir(data, noCompromise, { staleMs: 1000, updateMs: 250 });
    await release();
  });
});
