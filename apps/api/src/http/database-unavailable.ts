/**
 * Recognising "the database is not there" among the errors a service lets through, so the API
 * answers 503 (retry later) rather than 500 (our bug). Both drivers are covered: node-postgres
 * (socket errors, SQLSTATE class 08 and the shutdown codes) and PGlite (a closed instance).
 * Drizzle wraps driver errors, so the chain of causes is searched.
 */

/** Socket-level failures of reaching the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that mean the server cannot serve us now: admin/crash shutdown, cannot connect now,
 * too many connections, our database is gone. Classes 08 (connection exception) and 28
 * (authorization, e.g. a rotated password) are matched by prefix.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const UNAVAILABLE_SQLSTATE_CLASS = /^(08|28)[0-9A-Z]{3}$/;

/** Messages of driver errors that carry no code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Cannot use a pool after calling end on the pool/,
  /PGlite is closed/,
  /Client has encountered a connection error/,
];

/** True when `error` (or one of its causes) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (
        NETWORK_CODES.has(code) ||
        UNAVAILABLE_SQLSTATES.has(code) ||
        UNAVAILABLE_SQLSTATE_CLASS.test(code)
      ) {
        return true;
      }
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    current = cause;
  }
  return false;
}
