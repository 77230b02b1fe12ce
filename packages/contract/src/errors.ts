/**
 * Error responses each kind of route can give, declared so the OpenAPI document shows them.
 * The error handler produces them; these schemas also check that it does so correctly.
 */
import { errorEnvelope } from './common.ts';

const described = (description: string) => errorEnvelope.meta({ description });

const badRequest = described('The request is invalid; details names every offending field.');
const notFound = described('No such item (details names the field that referenced it).');
const conflict = described('The item is still in use; the message says what to do.');
const tooLarge = described('The body is larger than 1 MiB.');
const unsupported = described('The body is not JSON.');
const unavailable = described('The database is unreachable; retry later.');
const rateLimited = described(
  "Too many requests from this client (RATE_LIMITED); retry after the Retry-After header's seconds.",
);

/** Responses of a read (GET) route. */
export const readErrors = { 400: badRequest, 404: notFound, 429: rateLimited, 503: unavailable } as const;
/**
 * Responses of a read a request can make expensive (analytics, KPIs, runs list, export): on
 * PostgreSQL a statement over its time limit is cancelled and answered 503 QUERY_TIMEOUT.
 */
export const boundedReadErrors = {
  ...readErrors,
  503: described(
    'The database is unreachable (SERVICE_UNAVAILABLE), or the query ran past ANALYTICS_STATEMENT_TIMEOUT_MS (QUERY_TIMEOUT): narrow the range or filters.',
  ),
} as const;
/** Responses of a route that takes a JSON body. */
export const writeErrors = {
  400: badRequest,
  404: notFound,
  413: tooLarge,
  415: unsupported,
  429: rateLimited,
  503: unavailable,
} as const;
/** Responses of a delete route. */
export const deleteErrors = {
  400: badRequest,
  404: notFound,
  409: conflict,
  429: rateLimited,
  503: unavailable,
} as const;
/** Responses of a create or update that writes a name (unique, ignoring case and surrounding spaces). */
export const namedWriteErrors = {
  ...writeErrors,
  409: described('Another item of this kind has the same name (ignoring case and surrounding spaces).'),
} as const;

/** The live-event stream: a client or the server may have too many open. */
export const streamErrors = {
  ...readErrors,
  429: described(
    'Too many requests (RATE_LIMITED), or this client already holds TFBENCH_EVENT_STREAMS_PER_CLIENT streams (TOO_MANY_STREAMS).',
  ),
  503: described(
    'Live events are unavailable, or the server holds TFBENCH_EVENT_STREAMS_MAX streams (STREAMS_FULL); retry later.',
  ),
} as const;

/** A request that starts billable work: refused once the day's budget is spent. */
export const spendingErrors = {
  402: described(
    'The daily budget (TFBENCH_DAILY_BUDGET_USD) is spent (BUDGET_EXHAUSTED); details say how much and when it resets.',
  ),
} as const;
