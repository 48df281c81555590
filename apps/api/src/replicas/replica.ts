import { Pool } from 'pg';
import { hasReached, type SqlRunner, type WalPosition } from '@recway/database';

/** What one check of a replica found. */
interface ReplicaStatus {
  standby: boolean;
  replayed: WalPosition;
  lag_seconds: number;
}

/**
 * `lag_seconds` is 0 when the replica has replayed everything it received (an idle primary sends
 * nothing, and the time since the last replayed transaction would grow without any lag); a promoted
 * replica is a primary: nothing to replay.
 */
const STATUS_SQL = `SELECT pg_is_in_recovery() AS standby,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS replayed,
  CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag_seconds`;

/** The replay position alone, asked when a read needs a newer one than the last check saw. */
const REPLAYED_SQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text
  AS replayed`;
/** Asked at most this often per replica: a replica that stays behind costs one query per interval, not per read. */
const REPLAYED_REFRESH_MS = 10;

export interface ReplicaPoolOptions {
  url: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** One read replica: its pool, and what the last check (or a failed query) said of it. */
export class Replica {
  readonly runner: SqlRunner;
  reachable = false;
  lagMs = 0;
  replayed?: WalPosition;
  lastError?: string;
  private readonly pool: Pool;
  private refreshedAt = 0;
  private refreshing?: Promise<void>;

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
    this.runner = {
      query: async <T>(sql: string, params?: unknown[]) => (await this.pool.query(sql, params)).rows as T,
    };
  }

  /** Within the lag bound, answering: may serve reads. */
  inRotation(maxLagMs: number): boolean {
    return this.reachable && this.lagMs <= maxLagMs;
  }

  /**
   * Whether it has replayed up to `wanted`. Checks run every second or so, and a write is usually
   * replayed within milliseconds: when the last check is behind, the replica is asked again (one
   * question shared by concurrent reads). Replay only moves forward, so a known position stays true.
   */
  async hasReplayed(wanted: WalPosition | undefined): Promise<boolean> {
    if (hasReached(this.replayed, wanted)) return true;
    if (Date.now() - this.refreshedAt >= REPLAYED_REFRESH_MS) {
      this.refreshing ??= this.refreshReplayed().finally(() => (this.refreshing = undefined));
    }
    await this.refreshing;
    return hasReached(this.replayed, wanted);
  }

  private async refreshReplayed(): Promise<void> {
    this.refreshedAt = Date.now();
    try {
      const [row] = (await this.pool.query<{ replayed: WalPosition }>(REPLAYED_SQL)).rows;
      this.replayed = row.replayed;
    } catch (error) {
      this.markDown(error);
    }
  }

  async check(): Promise<void> {
    try {
      const [status] = (await this.pool.query<ReplicaStatus>(STATUS_SQL)).rows;
      this.reachable = true;
      this.lagMs = Math.round(status.lag_seconds * 1000);
      this.replayed = status.replayed;
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
