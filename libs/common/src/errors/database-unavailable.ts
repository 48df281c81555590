/** Socket errors of a database that is down, restarting or unreachable. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs of a server that cannot take the statement now: class 08 (connection exception),
 * 57P01-57P03 (shut down, crashed, starting), 53300 (too many connections), and 25006 (read-only:
 * a write that reached a standby, e.g. a primary demoted by a failover).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);
/** pg's own messages for a connection that broke or never came (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

/**
 * True for errors that mean "the database cannot answer now" rather than "this request is wrong".
 * Duck-typed, not `instanceof Error`: socket errors may come from another realm (Jest's sandbox).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 3; depth += 1) {
    const { code, message } = current;
    if (
      typeof code === 'string' &&
      (UNREACHABLE_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))
    ) {
      return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((known) => message.includes(known))) return true;
    // TypeORM wraps the driver's error.
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}
