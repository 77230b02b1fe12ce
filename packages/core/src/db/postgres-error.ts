/**
 * Recognising PostgreSQL errors by SQLSTATE. Drizzle wraps driver errors in a
 * DrizzleQueryError whose `cause` is the driver's error (node-postgres and PGlite both put
 * `code` and `constraint` on it), so the chain of causes is searched.
 */

export const SQLSTATE = {
  FOREIGN_KEY_VIOLATION: '23503',
  /** Raised instead of 23503 by `ON DELETE RESTRICT` on newer PostgreSQL versions. */
  RESTRICT_VIOLATION: '23001',
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  /** The statement was cancelled: by its statement_timeout, or by pg_cancel_backend. */
  QUERY_CANCELED: '57014',
} as const;

export interface PostgresErrorInfo {
  code: string;
  constraint: string | undefined;
  detail: string | undefined;
}

/** The SQLSTATE, constraint and detail of a database error, or undefined for other errors. */
export function postgresErrorInfo(error: unknown): PostgresErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; detail?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
        detail: typeof candidate.detail === 'string' ? candidate.detail : undefined,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** True when a row could not be written or deleted because of a foreign key. */
export function isForeignKeyError(error: unknown): boolean {
  const code = postgresErrorInfo(error)?.code;
  return code === SQLSTATE.FOREIGN_KEY_VIOLATION || code === SQLSTATE.RESTRICT_VIOLATION;
}

/**
 * True when PostgreSQL cancelled a statement (SQLSTATE 57014): in tfbench that is the
 * `statement_timeout` of the bounded reads (`DatabaseHandle.boundedReads`) firing.
 */
export function isQueryTimeoutError(error: unknown): boolean {
  return postgresErrorInfo(error)?.code === SQLSTATE.QUERY_CANCELED;
}
