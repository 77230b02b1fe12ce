/**
 * When and how long to wait before trying to start a run again. Retries happen only where
 * no upstream work can have started, because an upstream without idempotency keys would
 * start (and bill) a second run for a second POST: HTTP 429 and 503 (the server refused
 * before doing anything), a refused TCP connection (nothing was sent), and, once and at once,
 * a stale pooled keep-alive socket (the server had closed it; see {@link isStaleKeepAlive}).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedRunSettings } from '@tfbench/domain/provider';

export type RetryPolicy = ResolvedRunSettings['retry'];

/** Statuses that mean "not now" with no run created. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** Connection failures that prove the request never reached a server. */
export function isRetryableNetworkCause(cause: string | null): boolean {
  return cause === 'ECONNREFUSED';
}

/** Why an attempt on a stale pooled socket was retried (in its `attempts[]` record). */
export const STALE_SOCKET_REASON = 'stale keep-alive socket';

/** The failure is a reset or a hang-up (a FIN where a response was due). */
function isConnectionReset(cause: unknown): boolean {
  const error = cause as NodeJS.ErrnoException | undefined;
  return error?.code === 'ECONNRESET' || error?.code === 'EPIPE' || error?.message === 'socket hang up';
}

/**
 * How soon after a pooled socket was given to a request its stale-socket failure must
 * come. The server's close crosses our request on the wire, so its FIN or RST is back
 * within about one round trip (plus our own event-loop lag); 2 s is far beyond that. A
 * reset after longer is something else: a NAT or load balancer dropping a blocking /run
 * that the upstream has been working on (and billing) all along.
 */
export const STALE_SOCKET_WINDOW_MS = 2000;

/**
 * The request went out on a pooled keep-alive socket that the server closed as we wrote
 * on it: reset, EPIPE or hang-up before a single response byte, within
 * {@link STALE_SOCKET_WINDOW_MS}. An HTTP server closes a keep-alive connection only while
 * no request is in progress on it, so this request was never read and no run exists;
 * node's documentation of `request.reusedSocket` gives the same pattern (retry such a
 * request). A reset on a fresh socket, after any response byte, or later, proves nothing
 * of the kind and is never retried.
 */
export function isStaleKeepAlive(failure: {
  kind: string;
  cause: unknown;
  reusedSocket: boolean;
  responseBytes: boolean;
  sinceSocketMs: number | null;
}): boolean {
  return (
    failure.kind === 'network' &&
    failure.reusedSocket &&
    !failure.responseBytes &&
    failure.sinceSocketMs !== null &&
    failure.sinceSocketMs <= STALE_SOCKET_WINDOW_MS &&
    isConnectionReset(failure.cause)
  );
}

/**
 * What the server asked us to wait, in ms, from (in this order) `retry-after-ms`,
 * `Retry-After` as seconds or as an HTTP date, and the body's `error.retry_after`
 * (seconds). Null when it asked nothing (or nonsense). `nowEpochMs` is the wall clock, used
 * only for HTTP dates.
 *
 * @example
 * retryAfterMs({ 'retry-after': '2' }, null, Date.now()); // 2000
 * retryAfterMs({ 'retry-after-ms': '150' }, null, Date.now()); // 150
 */
export function retryAfterMs(
  headers: IncomingHttpHeaders,
  bodyRetryAfterS: number | null,
  nowEpochMs: number,
): number | null {
  const ms = headerValue(headers['retry-after-ms']);
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Number(ms);
  const after = headerValue(headers['retry-after']);
  if (after !== null) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Number(after) * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - nowEpochMs);
  }
  if (bodyRetryAfterS !== null && Number.isFinite(bodyRetryAfterS) && bodyRetryAfterS >= 0) {
    return bodyRetryAfterS * 1000;
  }
  return null;
}

/**
 * Exponential backoff with "equal jitter": half of base x 2^(attempt-1) (capped at
 * `max_delay_ms`) plus a random share of the other half, so clients that failed together
 * spread out without ever retrying immediately. `attempt` is the 1-based attempt that failed.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.max_delay_ms, policy.base_delay_ms * 2 ** (attempt - 1));
  return exponential / 2 + random() * (exponential / 2);
}

/**
 * How long to wait after failed attempt `attempt`: the backoff, or what the server asked
 * for when that is longer, never more than `max_retry_after_ms`.
 */
export function retryWaitMs(
  attempt: number,
  policy: RetryPolicy,
  askedMs: number | null,
  random: () => number,
): number {
  const backoff = backoffMs(attempt, policy, random);
  const asked = askedMs === null ? 0 : Math.min(askedMs, policy.max_retry_after_ms);
  return Math.min(Math.max(backoff, asked), Math.max(policy.max_retry_after_ms, policy.max_delay_ms));
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}
