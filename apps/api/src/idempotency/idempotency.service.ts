import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fingerprintOf, RequestValidationException } from '@recway/common';
import { DataSource, EntityManager } from 'typeorm';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

/** A client's Idempotency-Key, owned by the signed-in user who sent it (keys never cross users). */
export interface IdempotencyKey {
  key: string;
  userId: string;
}

export interface IdempotentResult<T> {
  result: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs a POST at most once per Idempotency-Key (kept 24 h, in PostgreSQL so restarts and other
 * instances see it). The key is claimed in the same transaction as the work: a concurrent request
 * with the same key waits on the row lock, then replays the committed result; a failed attempt
 * rolls its claim back so the client can retry.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private lastCleanup = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `operation` names what is being done (e.g. "POST /segmentos"); the stored scope adds the user. */
  async execute<T>(
    operation: string,
    { key, userId }: IdempotencyKey,
    request: unknown,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    assertValidKey(key);
    const scope = `${operation} by ${userId}`;
    this.cleanUpOccasionally();
    const fingerprint = fingerprintOf(request);
    return this.dataSource.transaction(async (manager) => {
      if (await claim(manager, scope, key, fingerprint)) {
        const result = await work(manager);
        await manager.query('UPDATE idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2', [
          scope,
          key,
          JSON.stringify(result),
        ]);
        return { result, replayed: false };
      }
      return { result: await replay<T>(manager, scope, key, fingerprint), replayed: true };
    });
  }

  private cleanUpOccasionally(): void {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    this.dataSource
      .query("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Idempotency key clean-up failed'));
  }
}

/** Inserts the key, or takes over an expired one; false when a live key already exists. */
async function claim(manager: EntityManager, scope: string, key: string, fingerprint: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (scope, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - interval '24 hours'
     RETURNING 1`,
    [scope, key, fingerprint],
  );
  return rows.length > 0;
}

async function replay<T>(manager: EntityManager, scope: string, key: string, fingerprint: string): Promise<T> {
  const [stored] = await manager.query<{ request_hash: string; response: T }[]>(
    'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [scope, key],
  );
  if (stored.request_hash !== fingerprint) {
    throw keyIssue('Idempotency-Key was already used with a different request; use a new key');
  }
  return stored.response;
}

function assertValidKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw keyIssue('Idempotency-Key must be 1–255 visible ASCII characters');
}

function keyIssue(msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['header', 'Idempotency-Key'], msg, type: 'value_error' }]);
}
