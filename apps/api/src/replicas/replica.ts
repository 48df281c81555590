import { Pool, type PoolClient } from 'pg';
import { isDatabaseUnavailable } from '@recway/common';
import { hasReached, type SqlRunner, type WalPosition } from '@recway/database';

/** What one check of a replica found. */
interface ReplicaStatus {
  standby: boolean;
  replayed: WalPosition;
  lag_seconds: number;
}

const REPLAYED = `(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text`;

/**
 * `lag_seconds` is 0 when the replica has replayed everything it received (an idle primary sends
 * nothing, and the time since the last replayed transaction would grow without any lag); a promoted
 * replica is a primary: nothing to replay.
 */
const STATUS_SQL = `SELECT pg_is_in_recovery() AS standby, ${REPLAYED} AS replayed,
  CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag_seconds`;

/** A replica connection remembers how far its server had replayed when last asked (it only moves on). */
type ReplicaClient = PoolClient & { replayed?: WalPosition };

/** The answer of a replica that has not replayed the write a read must include. */
export const BEHIND = Symbol('behind');

export interface ReplicaPoolOptions {
  url: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** One read replica: its pool, and what the last check (or a failed query) said of it. */
export class Replica {
  reachable = false;
  lagMs = 0;
  lastError?: string;
  private readonly pool: Pool;

  constructor(
    readonly name: string,
    options: ReplicaPoolOptions,
  ) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'recway-replica-read',
    });
    // An idle connection the server closed: the next check or query finds out; never crash on it.
    this.pool.on('error', (error) => this.markDown(error));
  }

  /** Within the lag bound, answering: may serve reads. */
  inRotation(maxLagMs: number): boolean {
    return this.reachable && this.lagMs <= maxLagMs;
  }

  /**
   * Runs `work` on one connection whose server has replayed up to `wanted` (BEHIND otherwise). The
   * position is checked on that same connection: behind a load-balanced address (CloudNativePG's
   * `-ro`, a cloud reader endpoint) each connection may reach another server. It is asked once per
   * connection and newer write, not per read.
   */
  async read<T>(wanted: WalPosition | undefined, work: (db: SqlRunner) => Promise<T>): Promise<T | typeof BEHIND> {
    const client = (await this.pool.connect()) as ReplicaClient;
    let broken: Error | undefined;
    try {
      if (!hasReached(client.replayed, wanted)) {
        client.replayed = (
          await client.query<{ replayed: WalPosition }>(`SELECT ${REPLAYED} AS replayed`)
        ).rows[0].replayed;
        if (!hasReached(client.replayed, wanted)) return BEHIND;
      }
      return await work({
        query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R,
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async check(): Promise<void> {
    try {
      const [status] = (await this.pool.query<ReplicaStatus>(STATUS_SQL)).rows;
      this.reachable = true;
      this.lagMs = Math.round(status.lag_seconds * 1000);
      this.lastError = undefined;
    } catch (error) {
      this.markDown(error);
    }
  }

  markDown(error: unknown): void {
    this.reachable = false;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
