import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDatabaseUnavailable, withTimeout } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { type SqlRunner, type WalPosition } from '@recway/database';
import { DataSource } from 'typeorm';
import { BEHIND, Replica } from './replica';
import { currentRequestWrites } from './request-intent';

/** The primary's ping gives up after this (a host that drops packets never answers). */
const CHECK_TIMEOUT_MS = 2000;
/** Replica pools wait no longer than this for a connection: a read then tries the next target. */
const REPLICA_CONNECT_TIMEOUT_MS = 3000;

export interface ReadOptions {
  /** The WAL position of the last write the answer must include (the cache generation's). */
  freshAsOf?: WalPosition;
  /** Ask the primary while it answers (an API key's revocation must count at once). */
  primaryPreferred?: boolean;
}

export interface ReadOutcome<T> {
  value: T;
  /** Includes every write up to `freshAsOf`: may be cached. False only when the primary is down. */
  fresh: boolean;
}

/** One place a read may be answered, in the order they are tried. */
interface Attempt {
  name: string;
  fresh: boolean;
  run<T>(work: (db: SqlRunner) => Promise<T>): Promise<T | typeof BEHIND>;
  failed(error: unknown): void;
}

export interface ReplicaState {
  name: string;
  inRotation: boolean;
  lagMs: number;
  error?: string;
}

/**
 * Routes the reads that tolerate replication lag (lists, radius and box searches, OGC items, tiles,
 * network figures) to the replicas of DATABASE_REPLICA_URLS, round-robin; the rest goes to the primary.
 * Freshness: every write records the primary's WAL position in the cache generation, and a read goes
 * only to a replica connection whose server has replayed up to it (checked on that connection, so a
 * load-balanced replica address works too; else to the primary), so nobody — the writer least of
 * all — reads an answer older than a write that has been acknowledged. Every query of a request that
 * writes goes to the primary. A replica is checked every DATABASE_REPLICA_CHECK_INTERVAL_SECONDS and
 * leaves the rotation while it does not answer or lags past DATABASE_REPLICA_MAX_LAG_SECONDS.
 * When the primary is down, reads fall back to the replicas even behind that position (answered, never cached).
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadReplicas.name);
  private readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly checkIntervalMs: number;
  private primaryReachable = true;
  private turn = 0;
  /** Reads answered, by target (`primary`, `replica-1`…): whether the replicas take the load. */
  readonly answered = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    const database = config.get('database', { infer: true });
    this.maxLagMs = database.replicas.maxLagMs;
    this.checkIntervalMs = database.replicas.checkIntervalMs;
    this.replicas = database.replicas.urls.map(
      (url, index) =>
        new Replica(`replica-${index + 1}`, {
          url,
          poolMax: database.poolMax,
          connectTimeoutMs: Math.min(database.poolTimeoutMs, REPLICA_CONNECT_TIMEOUT_MS),
          statementTimeoutMs: database.statementTimeoutMs,
        }),
    );
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  async onModuleInit(): Promise<void> {
    if (!this.configured) return;
    await this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.checkIntervalMs);
    this.timer.unref();
    this.logger.log(`Read replicas: ${this.describe()}`);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.close()));
  }

  /** Runs a read on the best target, and on the next one when a target is behind or turns out to be down. */
  async read<T>(work: (db: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<ReadOutcome<T>> {
    if (!this.configured || currentRequestWrites()) return { value: await work(this.primary), fresh: true };
    let lastError: unknown;
    for (const attempt of this.attempts(options)) {
      try {
        const value = await attempt.run(work);
        if (value === BEHIND) continue;
        this.answered.set(attempt.name, (this.answered.get(attempt.name) ?? 0) + 1);
        return { value, fresh: attempt.fresh };
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        attempt.failed(error);
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * The primary's WAL position right after a write committed (undefined without replicas, or when
   * the primary cannot say: readers then take any replica within the lag bound).
   */
  async writePosition(): Promise<WalPosition | undefined> {
    if (!this.configured) return undefined;
    try {
      const [row] = await this.primary.query<{ position: WalPosition }[]>(
        'SELECT pg_current_wal_lsn()::text AS position',
      );
      return row.position;
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not read the WAL position of a write; replicas within the lag bound may answer',
      );
      return undefined;
    }
  }

  /** For readiness, /health/database and the metrics. */
  state(): { primaryReachable: boolean; replicas: ReplicaState[] } {
    return {
      primaryReachable: this.primaryReachable,
      replicas: this.replicas.map((replica) => ({
        name: replica.name,
        inRotation: replica.inRotation(this.maxLagMs),
        lagMs: replica.lagMs,
        error: replica.lastError,
      })),
    };
  }

  /**
   * Replicas in turn, each if it has replayed `freshAsOf` (the primary first when preferred), then
   * the primary; then replicas at any position, used only when the primary fails (their answers are
   * not cached). A primary known to be down goes last: replicas answer at once.
   */
  private attempts({ freshAsOf, primaryPreferred }: ReadOptions): Attempt[] {
    const start = (this.turn = (this.turn + 1) % this.replicas.length);
    const inTurn = [...this.replicas.slice(start), ...this.replicas.slice(0, start)].filter((replica) =>
      replica.inRotation(this.maxLagMs),
    );
    const caughtUp = inTurn.map((replica) => this.replicaAttempt(replica, freshAsOf, true));
    // Without a position to reach, the caught-up attempts already asked every replica.
    const anyPosition =
      freshAsOf === undefined ? [] : inTurn.map((replica) => this.replicaAttempt(replica, undefined, false));
    const primary: Attempt = {
      name: 'primary',
      fresh: true,
      run: (work) => work(this.primary),
      failed: (error) => this.primaryFailed(error),
    };
    if (!this.primaryReachable) return [...caughtUp, ...anyPosition, primary];
    return primaryPreferred ? [primary, ...caughtUp, ...anyPosition] : [...caughtUp, primary, ...anyPosition];
  }

  private replicaAttempt(replica: Replica, wanted: WalPosition | undefined, fresh: boolean): Attempt {
    return {
      name: replica.name,
      fresh,
      // One that failed earlier in this read is not asked again.
      run: async (work) => (replica.reachable ? replica.read(wanted, work) : BEHIND),
      failed: (error) => replica.markDown(error),
    };
  }

  private primaryFailed(error: unknown): void {
    if (this.primaryReachable)
      this.logger.warn({ err: error }, `Primary unreachable: reads go to the replicas, writes answer 503`);
    this.primaryReachable = false;
  }

  /** One round of checks at a time: a slow host must not pile them up. */
  private checkAll(): Promise<void> {
    this.checking ??= Promise.all([...this.replicas.map((replica) => replica.check()), this.checkPrimary()])
      .then(() => undefined)
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkPrimary(): Promise<void> {
    try {
      await withTimeout(this.primary.query('SELECT 1'), CHECK_TIMEOUT_MS, () => {
        throw new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`);
      });
      if (!this.primaryReachable) this.logger.log('Primary reachable again: writes resume');
      this.primaryReachable = true;
    } catch (error) {
      this.primaryFailed(error);
    }
  }

  private describe(): string {
    return this.state()
      .replicas.map(
        (replica) => `${replica.name} ${replica.inRotation ? 'in rotation' : `out (${replica.error ?? 'lagging'})`}`,
      )
      .join(', ');
  }
}
