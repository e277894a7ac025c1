import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';

/** Port number in the socket file name only; nothing listens on TCP in embedded mode. */
const SOCKET_PORT = 5432;

export interface EmbeddedPostgresHandle {
  /** Directory holding the Unix socket: pass as `host` to pg. */
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL: PGlite (PostgreSQL compiled to WASM, data kept on disk) served in-process over the
 * PostgreSQL wire protocol on a Unix socket, so the app reaches it through the ordinary `pg` driver and
 * TypeORM's postgres driver exactly as in production. pglite-socket runs one query at a time and, while a
 * client has a transaction open, runs only that client's queries: transactions stay atomic and isolated.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgresHandle> {
  const pgDir = join(dataDir, 'pgdata');
  const socketDir = join(dataDir, 'run');
  mkdirSync(pgDir, { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  // Two PGlite instances on one data directory would corrupt it: one process at a time.
  const release = await lockDataDir(pgDir, (err) => {
    process.stderr.write(`Lost the lock of the embedded database in ${pgDir} (${err.message}); stopping to protect the data.\n`);
    process.exit(1);
  });
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  let db: PGlite | null = null;
  let server: PGLiteSocketServer;
  try {
    // A socket file left by a killed process would make listen() fail with EADDRINUSE.
    if (existsSync(socketPath)) rmSync(socketPath);
    db = await PGlite.create(pgDir);
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
    await server.start();
  } catch (err) {
    await db?.close().catch(() => undefined);
    await release();
    throw err;
  }
  const pg = db;
  let stopped = false;
  return {
    socketDir,
    port: SOCKET_PORT,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
        await pg.close();
        if (existsSync(socketPath)) rmSync(socketPath);
      } finally {
        await release();
      }
    },
  };
}
