/**
 * The one place where failures become HTTP answers. Every error, from any layer, leaves as
 * `{"error": {"code", "message", "details"}}` with a status that says whose fault it was:
 * 4xx for the request, 503 for an unreachable database, 500 only for our own bugs.
 */
import { isQueryTimeoutError } from '@tfbench/core/db';
import { AppError } from '@tfbench/domain/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH } from './limits.js';
import { collectFieldIssues, type FieldIssue, RequestValidationError } from './validation.js';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export interface ErrorAnswer {
  statusCode: number;
  body: ErrorBody;
}

/** Build the envelope. */
export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** Codes Fastify's own errors carry, mapped to ours. */
const FASTIFY_ERRORS: Record<string, (error: FastifyError, request: FastifyRequest) => ErrorAnswer> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => invalidJson('Body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    invalidJson('Body is empty but Content-Type says JSON; send a JSON object.'),
  FST_ERR_CTP_BODY_TOO_LARGE: (_error, request) => {
    // A route may take more than the default (a configuration document takes 4 MiB).
    const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES;
    return {
      statusCode: 413,
      body: errorBody(
        'PAYLOAD_TOO_LARGE',
        `Body is larger than ${limit} bytes (${mebibytes(limit)} MiB); send less data.`,
        [{ field: 'body', message: `must be at most ${limit} bytes` }],
      ),
    };
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({
    statusCode: 415,
    body: errorBody(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json".',
      [{ field: 'headers.content-type', message: 'must be application/json' }],
    ),
  }),
  FST_ERR_BAD_URL: () => ({
    statusCode: 400,
    body: errorBody('BAD_REQUEST', 'The URL is not valid (bad percent-encoding).', [
      { field: 'url', message: 'must be a correctly percent-encoded URL' },
    ]),
  }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({
    statusCode: 414,
    body: errorBody('URI_TOO_LONG', `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`, [
      { field: 'url', message: `path parameters must be at most ${MAX_PARAM_LENGTH} characters` },
    ]),
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({
    statusCode: 400,
    body: errorBody('BAD_REQUEST', 'Content-Length does not match the body sent.', [
      { field: 'headers.content-length', message: 'must equal the size of the body' },
    ]),
  }),
};

function mebibytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 100) / 100);
}

function invalidJson(message: string): ErrorAnswer {
  return {
    statusCode: 400,
    body: errorBody('INVALID_JSON', message, [{ field: 'body', message: 'must be a valid JSON document' }]),
  };
}

/**
 * Map any error to a status and envelope. Pure apart from reading the request (to validate
 * the parts Fastify had not validated yet), so it is easy to test and reuse.
 */
export function answerFor(error: unknown, request: FastifyRequest): ErrorAnswer {
  if (error instanceof RequestValidationError) {
    const issues: FieldIssue[] = collectFieldIssues(error, request);
    return {
      statusCode: 400,
      body: errorBody('VALIDATION_ERROR', validationMessage(issues), issues),
    };
  }
  if (error instanceof AppError) {
    return {
      statusCode: error.httpStatus,
      body: errorBody(error.code, error.message, locateFields(error.details ?? null, request)),
    };
  }
  if (isQueryTimeoutError(error)) {
    return {
      statusCode: 503,
      body: errorBody(
        'QUERY_TIMEOUT',
        'The query took longer than the database allows for this request; narrow the time range or the filters and retry.',
      ),
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      statusCode: 503,
      body: errorBody('SERVICE_UNAVAILABLE', 'The database is unreachable; retry in a moment.'),
    };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  const mapped = fastifyError?.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (mapped) return mapped(fastifyError as FastifyError, request);
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Any other client error Fastify raises: keep its status.
    return {
      statusCode: status,
      body: errorBody('BAD_REQUEST', fastifyError?.message ?? 'Bad request.', [
        { field: 'request', message: fastifyError?.message ?? 'is malformed' },
      ]),
    };
  }
  return {
    statusCode: 500,
    body: errorBody('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'),
  };
}

/**
 * Services name fields as their inputs know them (`automation_id`, `run_settings.concurrency`);
 * on the wire a field also says which part of the request it came from, as the API's own
 * validation does: `body.` for requests with a body, `querystring.` otherwise.
 */
function locateFields(details: unknown, request: FastifyRequest): unknown {
  const part = ['POST', 'PUT', 'PATCH'].includes(request.method) ? 'body' : 'querystring';
  const locate = (field: string) =>
    /^(body|querystring|params|headers)(\.|$)/.test(field) ? field : `${part}.${field}`;
  if (Array.isArray(details)) {
    return details.map((item: unknown) =>
      isFieldIssue(item) ? { ...item, field: locate(item.field) } : item,
    );
  }
  if (
    typeof details === 'object' &&
    details !== null &&
    typeof (details as { field?: unknown }).field === 'string'
  ) {
    const withField = details as { field: string };
    return { ...withField, field: locate(withField.field) };
  }
  return details;
}

function isFieldIssue(item: unknown): item is FieldIssue {
  return typeof item === 'object' && item !== null && typeof (item as { field?: unknown }).field === 'string';
}

function validationMessage(issues: FieldIssue[]): string {
  const fields = issues.map((i) => i.field);
  const shown = fields.slice(0, 5).join(', ');
  const more = fields.length > 5 ? ` and ${fields.length - 5} more` : '';
  return `Request is invalid: ${shown}${more}. See details for each field.`;
}

/** Fastify error handler: answer with the envelope and log what matters, never the body. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { statusCode, body } = answerFor(error, request);
  if (statusCode === 503) {
    request.log.warn({ err: describeForLog(error), code: body.error.code }, 'dependency unavailable');
  } else if (statusCode >= 500) {
    request.log.error({ err: describeForLog(error), code: body.error.code }, 'request failed');
  } else {
    request.log.info({ code: body.error.code, status: statusCode }, body.error.message);
  }
  // Throttling errors say when to come back (LoginThrottledError and its kind).
  const retryAfter = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/** Fastify not-found handler: unknown routes answer 404 in the same envelope. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .send(
      errorBody(
        'NOT_FOUND',
        `No route ${request.method} ${request.url.split('?')[0]}; the API is described at /docs.`,
      ),
    );
}

/**
 * An error as it may be logged. Driver errors wrapped by Drizzle carry the SQL parameters in
 * their message ("Failed query: ... params: ..."), which are request data that may hold
 * secrets, so those messages are withheld; the driver's own error (code, message) is kept.
 */
export function describeForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: typeof error };
  const withheld = error.message.startsWith('Failed query');
  const described: Record<string, unknown> = {
    type: error.name,
    message: withheld ? 'Failed query (parameters withheld)' : error.message,
  };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) described.code = code;
  if (!withheld && error.stack) described.stack = error.stack;
  if (error.cause !== undefined && depth < 3) described.cause = describeForLog(error.cause, depth + 1);
  return described;
}
