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

/** Responses of a read (GET) route. */
export const readErrors = { 400: badRequest, 404: notFound, 503: unavailable } as const;
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
  503: unavailable,
} as const;
/** Responses of a delete route. */
export const deleteErrors = { 400: badRequest, 404: notFound, 409: conflict, 503: unavailable } as const;
/** Responses of a create or update that writes a name (unique, ignoring case and surrounding spaces). */
export const namedWriteErrors = {
  ...writeErrors,
  409: described('Another item of this kind has the same name (ignoring case and surrounding spaces).'),
} as const;
