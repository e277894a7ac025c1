import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** Another live process holds the embedded database. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (another Octopus server or CLI). ` +
        'PGlite serves one process: stop that one first (a running server imports CSV files through POST /api/market/import), ' +
        'or set DATABASE_URL to share a PostgreSQL server between processes.',
    );
    this.name = 'DataDirBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds (its own pid in a file it does not hold means a stale lock). */
const held = new Set<string>();

/**
 * An exclusive lock file holding the owner's pid. A lock whose process is gone (killed, crashed) or is
 * this process (a restarted container is often pid 1 again) is stale and taken over. Returns the release.
 */
export function lockDataDir(lockPath: string, dataDir: string): () => void {
  if (held.has(lockPath)) throw new DataDirBusyError(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
      } catch {
        // Vanished or unreadable between open and read: try again.
      }
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirBusyError(dataDir, pid);
      rmSync(lockPath, { force: true });
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    held.add(lockPath);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.delete(lockPath);
      try {
        if (Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10) === process.pid) rmSync(lockPath, { force: true });
      } catch {
        // Already gone.
      }
    };
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
