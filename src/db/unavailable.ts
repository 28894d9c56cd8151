/**
 * Is this error the database being out of reach (down, restarting, unreachable, too busy), rather than a bug or a bad
 * query? Such errors are answered 503 + Retry-After: the request was fine and will work once the database is back.
 */

/** Socket-level failures Node reports with these codes (libuv errno names). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs (PostgreSQL docs, Appendix A): class 08 is "connection exception"; 57P01-57P03 are
 * admin_shutdown, crash_shutdown and cannot_connect_now (starting up or in recovery); 53300 is too_many_connections.
 */
const PG_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * SQLite result codes (better-sqlite3 puts the extended name in `code`): BUSY/LOCKED once busy_timeout has run out,
 * CANTOPEN when the file or its directory went away, IOERR for a failing disk, FULL for a full one.
 */
const SQLITE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL'];

/** Messages node-postgres and pg-pool throw without a code. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /^Query read timeout/,
];

function matches(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, errors, cause } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PG_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (SQLITE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  if (typeof message === 'string' && PG_MESSAGES.some((re) => re.test(message))) return true;
  // Connecting to a host name with several addresses fails with an AggregateError of one error per address.
  if (Array.isArray(errors) && errors.some((e) => matches(e, depth + 1))) return true;
  return matches(cause, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return matches(error, 0);
}
