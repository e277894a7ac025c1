import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusyError, lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-lock-'));
    lock = join(dir, 'pgdata.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the directory for one owner at a time in this process, and releases it', () => {
    const release = lockDataDir(lock, dir);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(lock, dir)).toThrow(DataDirBusyError);
    release();
    expect(existsSync(lock)).toBe(false);
    lockDataDir(lock, dir)();
  });

  it('refuses while another live process holds it, naming the process, and takes it over once it is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lock, `${child.pid}\n`);
      expect(() => lockDataDir(lock, dir)).toThrow(new RegExp(`in use by process ${child.pid}.*DATABASE_URL`));
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    const release = lockDataDir(lock, dir);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('takes over a lock left by this pid in an earlier life (a restarted container) or with garbage in it', () => {
    writeFileSync(lock, `${process.pid}\n`);
    lockDataDir(lock, dir)();
    writeFileSync(lock, 'not a pid');
    lockDataDir(lock, dir)();
  });
});
