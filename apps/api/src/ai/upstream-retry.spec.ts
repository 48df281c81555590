import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { Deadline } from './deadline';
import { isRetryable, MAX_RETRIES, retryDelayMs, withRetries } from './upstream-retry';

/** An attempt that fails with each error in turn, then answers "ok"; counts its calls. */
function scripted(...errors: Error[]): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: () => {
      const error = errors[calls++];
      return error ? Promise.reject(error) : Promise.resolve('ok');
    },
    calls: () => calls,
  };
}

const statusError = (status: number, headers: Record<string, string> = {}): APIError =>
  APIError.generate(status, { message: 'stub' }, undefined, new Headers(headers));

describe('upstream retries', () => {
  describe(isRetryable.name, () => {
    it.each([408, 409, 429, 500, 502, 503])('should retry status %i', (status) => {
      expect(isRetryable(statusError(status))).toBe(true);
    });

    it.each([400, 401, 403, 404, 422])('should not retry status %i', (status) => {
      expect(isRetryable(statusError(status))).toBe(false);
    });

    it('should retry a broken connection but not our own abort or a non-API error', () => {
      expect(isRetryable(new APIConnectionError({ message: 'reset' }))).toBe(true);
      expect(isRetryable(new APIUserAbortError())).toBe(false);
      expect(isRetryable(new Error('bug'))).toBe(false);
    });
  });

  describe(retryDelayMs.name, () => {
    it('should wait what the upstream asks for', () => {
      expect(retryDelayMs(statusError(429, { 'retry-after-ms': '120' }), 0)).toBe(120);
      expect(retryDelayMs(statusError(429, { 'retry-after': '2' }), 0)).toBe(2000);
    });

    it('should back off exponentially with jitter, capped at 2 s', () => {
      expect(retryDelayMs(statusError(500), 0)).toBeGreaterThanOrEqual(187.5);
      expect(retryDelayMs(statusError(500), 0)).toBeLessThanOrEqual(250);
      expect(retryDelayMs(statusError(500), 1)).toBeGreaterThanOrEqual(375);
      expect(retryDelayMs(statusError(500), 10)).toBeLessThanOrEqual(2000);
    });
  });

  describe(withRetries.name, () => {
    let deadline: Deadline;
    afterEach(() => deadline.cancel());

    it('should retry until an attempt succeeds', async () => {
      deadline = new Deadline(5_000);
      const { attempt, calls } = scripted(statusError(429, { 'retry-after-ms': '1' }));
      await expect(withRetries(deadline, attempt)).resolves.toBe('ok');
      expect(calls()).toBe(2);
    });

    it('should give up after MAX_RETRIES retries', async () => {
      deadline = new Deadline(5_000);
      const failures = Array.from({ length: MAX_RETRIES + 2 }, () => statusError(500, { 'retry-after-ms': '1' }));
      const { attempt, calls } = scripted(...failures);
      await expect(withRetries(deadline, attempt)).rejects.toBeInstanceOf(APIError);
      expect(calls()).toBe(MAX_RETRIES + 1);
    });

    it('should not retry when the wait would outlast the deadline', async () => {
      deadline = new Deadline(1_000);
      const { attempt, calls } = scripted(statusError(503, { 'retry-after': '5' }));
      await expect(withRetries(deadline, attempt)).rejects.toBeInstanceOf(APIError);
      expect(calls()).toBe(1);
    });
  });
});
