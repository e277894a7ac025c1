import { lstatSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as lockfile from 'proper-lockfile';

/** Who holds the embedded database (written beside the lock; informative, the lock itself is the mkdir). */
export interface DataDirOwner {
  pid: number;
  host: string;
  since: string;
}

/** Another process holds the embedded database. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner | null,
  ) {
    const who = owner ? `process ${owner.pid} on ${owner.host} (since ${owner.since})` : 'another process';
    super(
      `The embedded database in ${dataDir} is in use by ${who}: another Octopus server or CLI. PGlite serves one ` +
        'process: stop that one first (a running server imports CSV files through POST /api/market/import), or set ' +
        `DATABASE_URL to share a PostgreSQL server between processes. If no Octopus process uses it, delete ${dataDir}.lock.`,
    );
    this.name = 'DataDirBusyError';
  }
}

/** The lock is refreshed every UPDATE_MS; one not refreshed for STALE_MS (its holder died) is taken over. */
const STALE_MS = 10_000;
const UPDATE_MS = 2_500;
const held = new Set<string>();

const ownerFile = (dir: string) => `${dir}.owner`;

/** Whether `<dir>.lock` exists; a plain file there (an older lock format) is removed. */
function lockExists(dir: string): boolean {
  try {
    const st = lstatSync(`${dir}.lock`);
    if (st.isDirectory()) return true;
    rmSync(`${dir}.lock`, { force: true });
    return false;
  } catch {
    return false;
  }
}

function readOwner(dir: string): DataDirOwner | null {
  try {
    const o = JSON.parse(readFileSync(ownerFile(dir), 'utf8')) as DataDirOwner;
    return Number.isInteger(o.pid) && typeof o.host === 'string' ? o : null;
  } catch {
    return null;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Locks a directory (which must exist) for this process with proper-lockfile: an atomic mkdir of `<dir>.lock`
 * whose mtime is refreshed every 2.5 s, so a lock left by a dead process anywhere (another container on the
 * same volume too) goes stale after 10 s and is taken over. A live holder is refused at once, naming it; a
 * holder on this host whose process is gone (or that had this pid: a restarted container) is waited out.
 * If the lock is lost while held, `onCompromised` runs (the caller stops: two writers would corrupt the data).
 */
export async function lockDataDir(
  dir: string,
  onCompromised: (err: Error) => void,
  { staleMs = STALE_MS, updateMs = UPDATE_MS }: { staleMs?: number; updateMs?: number } = {},
): Promise<() => Promise<void>> {
  const real = realpathSync(dir);
  if (held.has(real)) throw new DataDirBusyError(real, readOwner(real));
  const deadline = Date.now() + staleMs + 3_000;
  let release: () => Promise<void>;
  for (;;) {
    // A live holder on this host keeps the lock even if its heartbeat stalled (a long blocking query): staleness
    // alone would let two processes open the database.
    const exists = lockExists(real);
    const current = readOwner(real);
    if (exists && current && current.host === hostname() && current.pid !== process.pid && alive(current.pid)) {
      throw new DataDirBusyError(real, current);
    }
    try {
      release = await lockfile.lock(real, { stale: staleMs, update: updateMs, realpath: false, onCompromised });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const owner = readOwner(real);
      const abandoned = owner !== null && owner.host === hostname() && (owner.pid === process.pid || !alive(owner.pid));
      if (!abandoned || Date.now() > deadline) throw new DataDirBusyError(real, owner);
      await sleep(Math.min(500, staleMs / 4));
    }
  }
  held.add(real);
  const owner: DataDirOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(ownerFile(real), `${JSON.stringify(owner)}\n`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    held.delete(real);
    await release().catch(() => undefined);
  };
}
