/**
 * The error taxonomy. Every error a service raises on purpose is an `AppError` with a stable
 * `code` (clients and tests match on it, never on the message) and the HTTP status the API
 * answers with. One error handler in the API maps them to
 * `{ "error": { "code", "message", "details" } }`; anything that is not an AppError is a bug
 * and becomes a 500 without leaking its message.
 */

export type ErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_ERROR' | 'SERVICE_UNAVAILABLE' | (string & {});

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /**
   * Operational errors are expected outcomes of bad input or unavailable services; the
   * process is healthy. A non-operational AppError signals a broken invariant.
   */
  isOperational?: boolean;
}

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly details: unknown;
  readonly isOperational: boolean;

  constructor(code: ErrorCode, httpStatus: number, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = httpStatus;
    this.details = options.details;
    this.isOperational = options.isOperational ?? true;
  }
}

/** Details of a NotFoundError: what was looked for, and through which input field. */
export interface NotFoundDetails {
  resource: string;
  id: number | string;
  /** The request field that referenced the missing row, e.g. `automation_id`. */
  field?: string;
}

/**
 * 404: a referenced row does not exist.
 *
 * @example
 * throw new NotFoundError('automation', 7, { field: 'automation_id' });
 * // message: "automation 7 not found (automation_id)"
 */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  declare readonly details: NotFoundDetails;

  constructor(resource: string, id: number | string, options: { field?: string; cause?: unknown } = {}) {
    const details: NotFoundDetails = { resource, id, ...(options.field ? { field: options.field } : {}) };
    const where = options.field ? ` (${options.field})` : '';
    super('NOT_FOUND', 404, `${resource} ${id} not found${where}`, { details, cause: options.cause });
  }
}

/** 409: the request is valid but clashes with the current state, e.g. deleting a row still in use. */
export class ConflictError extends AppError {
  override readonly name = 'ConflictError';

  constructor(message: string, details?: unknown, cause?: unknown) {
    super('CONFLICT', 409, message, { details, cause });
  }
}

/** One offending input field. `field` is a dotted path such as `run_settings.concurrency`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** 400: the input breaks a rule. `details` lists every offending field. */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  declare readonly details: FieldIssue[];

  constructor(issues: FieldIssue[], message?: string) {
    super('VALIDATION_ERROR', 400, message ?? describeIssues(issues), { details: issues });
  }
}

/** 503: a dependency (database, queue, upstream) is unavailable; the request may be retried. */
export class ServiceUnavailableError extends AppError {
  override readonly name = 'ServiceUnavailableError';

  constructor(message: string, details?: unknown, cause?: unknown) {
    super('SERVICE_UNAVAILABLE', 503, message, { details, cause });
  }
}

/** Narrowing helper for error handlers: true for AppError and every subclass. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

function describeIssues(issues: FieldIssue[]): string {
  if (issues.length === 0) return 'invalid input';
  return `invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
}
