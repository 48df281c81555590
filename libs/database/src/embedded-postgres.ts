import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const LOCK_FILE = 'recway-embedded.pid';
/**
 * Pools stay at one connection; the server accepts a few more sockets because it frees a closed
 * one only on a later tick, and a pool reconnecting at once would be refused. Its query queue
 * keeps each open transaction to the socket that began it.
 */
const MAX_SOCKETS = 8;
const SOCKET_SETTLE_MS = 100;

/**
 * PostgreSQL + PostGIS in-process (PGlite), served over the wire protocol on a loopback port so
 * the app and the migration CLI use the same `pg` code path as with a real server.
 * PGlite serves one connection at a time, so callers size their pool to 1.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockPath: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const pgDir = join(dataDir, 'pglite');
    mkdirSync(pgDir, { recursive: true });
    const lockPath = join(dataDir, LOCK_FILE);
    claimLock(lockPath);
    try {
      const { PGlite } = await import('@electric-sql/pglite');
      const { postgis } = await import('@electric-sql/pglite-postgis');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const db = await PGlite.create({ dataDir: pgDir, extensions: { postgis } });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_SOCKETS });
      await server.start();
      const port = server.getServerConn().split(':').pop();
      return new EmbeddedPostgres(`postgresql://postgres@127.0.0.1:${port}/postgres`, db, server, lockPath);
    } catch (error) {
      rmSync(lockPath, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    // The server handles each closed socket on a later tick and asks PGlite about open transactions
    // then; closing PGlite before those ticks run makes them throw.
    await new Promise((resolve) => setTimeout(resolve, SOCKET_SETTLE_MS));
    await this.db.close();
    rmSync(this.lockPath, { force: true });
  }
}

/** PGlite's files must not be opened by two processes: refuse while another live process holds them. */
function claimLock(lockPath: string): void {
  const holder = readLockHolder(lockPath);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${lockPath.replace(LOCK_FILE, '')} is in use by process ${holder}; ` +
        'stop that process first (the server runs pending migrations itself at start).',
    );
  }
  writeFileSync(lockPath, String(process.pid));
}

function readLockHolder(lockPath: string): number | undefined {
  try {
    return Number(readFileSync(lockPath, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
