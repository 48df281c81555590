import { setTimeout as sleep } from 'node:timers/promises';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { Deadline } from './deadline';

/** Retries after the first try: three calls at most, as the SDK's own default. */
export const MAX_RETRIES = 2;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 2_000;
/** Request timeout, lock timeout, rate limit; and every 5xx. */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** Worth another try: the upstream was busy or failing, or the connection broke (not our own abort). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError)) return false;
  const { status } = error as APIError;
  return status !== undefined && (RETRYABLE_STATUSES.has(status) || status >= 500);
}

/** The wait the upstream asked for (retry-after-ms, retry-after), else exponential backoff with jitter. */
export function retryDelayMs(error: unknown, retry: number): number {
  const asked = error instanceof APIError ? requestedDelayMs((error as APIError).headers) : undefined;
  if (asked !== undefined) return asked;
  const ceiling = Math.min(BASE_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return ceiling * (0.75 + Math.random() * 0.25);
}

function requestedDelayMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (milliseconds >= 0) return milliseconds;
  const retryAfter = headers?.get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number.parseFloat(retryAfter);
  if (seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Runs `attempt`, retrying what `isRetryable` allows, with backoff, all inside the deadline: a retry
 * whose wait would outlast the deadline is not made (the last error is thrown at once), and the wait
 * itself ends when the deadline aborts.
 */
export async function withRetries<T>(deadline: Deadline, attempt: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retryDelayMs(error, retry);
      if (retry >= MAX_RETRIES || !isRetryable(error) || delay >= deadline.remainingMs()) throw error;
      await sleep(delay, undefined, { signal: deadline.signal });
    }
  }
}
