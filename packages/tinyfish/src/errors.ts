/**
 * The error taxonomy of the TinyFish client, on the provider kit's base: every way a run can
 * fail maps to one stable code. Codes are UPPER_SNAKE and never change meaning; new ones may
 * be added. Where the failure came from the API, its own code, message and HTTP status are
 * kept verbatim on the error next to ours (docs/metrics.md, "Errors").
 */
import type { RunError } from '@tfbench/domain/provider';
import { CLIENT_ERROR_CODES, codeForHttpStatus, runError } from '@tfbench/provider-kit/errors';
import type { UpstreamRunError } from './sse/index.js';

/** Every code the client produces, grouped by where the failure happened. */
export const TINYFISH_ERROR_CODES = {
  // The API refused the request (error envelope, before any run exists).
  MISSING_API_KEY: 'MISSING_API_KEY',
  INVALID_API_KEY: 'INVALID_API_KEY',
  UNAUTHORIZED: 'UNAUTHORIZED',
  INSUFFICIENT_CREDITS: 'INSUFFICIENT_CREDITS',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  SERVICE_BUSY: 'SERVICE_BUSY',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  TIMEOUT: 'TIMEOUT',
  // The run existed and ended FAILED or CANCELLED upstream.
  RUN_FAILED: 'RUN_FAILED',
  TASK_FAILED: 'TASK_FAILED',
  MAX_STEPS_EXCEEDED: 'MAX_STEPS_EXCEEDED',
  SITE_BLOCKED: 'SITE_BLOCKED',
  CONTENT_POLICY_VIOLATION: 'CONTENT_POLICY_VIOLATION',
  // On our side of the wire: the exchange, the answer, our own time budgets.
  ...CLIENT_ERROR_CODES,
} as const;

export type TinyFishErrorCode = (typeof TINYFISH_ERROR_CODES)[keyof typeof TINYFISH_ERROR_CODES];

const ENVELOPE_CODES: ReadonlySet<string> = new Set([
  'MISSING_API_KEY',
  'INVALID_API_KEY',
  'UNAUTHORIZED',
  'INSUFFICIENT_CREDITS',
  'FORBIDDEN',
  'INVALID_INPUT',
  'NOT_FOUND',
  'RATE_LIMIT_EXCEEDED',
  'SERVICE_BUSY',
  'INTERNAL_ERROR',
  'TIMEOUT',
]);

/** Run-level codes (lowercase on the wire, e.g. "max_steps_exceeded") we keep by name. */
const RUN_OUTCOME_CODES: ReadonlySet<string> = new Set([
  'TASK_FAILED',
  'MAX_STEPS_EXCEEDED',
  'SITE_BLOCKED',
  'CONTENT_POLICY_VIOLATION',
  'CANCELLED',
  'SERVICE_BUSY',
  'INTERNAL_ERROR',
  'TIMEOUT',
  'INSUFFICIENT_CREDITS',
  'RATE_LIMIT_EXCEEDED',
]);

/**
 * Map a non-2xx response to an error. `body` is the parsed JSON (or null when the body was
 * not JSON; `rawText` then gives a hint). The envelope `{"error": {"code", "message",
 * "details"}}` is the documented shape; `{"message"}` and plain text are tolerated, as the
 * official SDK does.
 *
 * @example
 * errorFromHttpResponse(401, { error: { code: 'INVALID_API_KEY', message: 'Invalid or expired API key' } });
 * // { code: 'INVALID_API_KEY', http_status: 401, upstream_message: 'Invalid or expired API key', ... }
 */
export function errorFromHttpResponse(status: number, body: unknown, rawText = ''): RunError {
  const envelope = isObject(body) && isObject(body.error) ? body.error : null;
  const upstreamCode = envelope && typeof envelope.code === 'string' ? envelope.code : null;
  const upstreamMessage =
    (envelope && typeof envelope.message === 'string' ? envelope.message : null) ??
    (isObject(body) && typeof body.message === 'string' ? body.message : null) ??
    (rawText.trim() ? rawText.trim().slice(0, 500) : null);
  const known = upstreamCode !== null && ENVELOPE_CODES.has(upstreamCode.toUpperCase());
  const code = known ? (upstreamCode as string).toUpperCase() : codeForHttpStatus(status);
  const details: Record<string, unknown> = {};
  if (envelope && envelope.details !== undefined && envelope.details !== null)
    details.issues = envelope.details;
  const retryAfter = envelope && typeof envelope.retry_after === 'number' ? envelope.retry_after : null;
  return runError(code, `TinyFish answered HTTP ${status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`, {
    http_status: status,
    upstream_code: upstreamCode,
    upstream_message: upstreamMessage,
    retry_after_s: retryAfter,
    details: Object.keys(details).length > 0 ? details : null,
  });
}

/**
 * Map a run's own error (COMPLETE.error, a run object's error, a failed /run body) to an
 * error: a known run-level code keeps its name (upper-cased), BILLING_FAILURE means
 * INSUFFICIENT_CREDITS, a message that plainly says "max steps" or "blocked" is classified
 * as such, and anything else is RUN_FAILED with the upstream's message.
 *
 * @example
 * errorFromRunFailure({ code: 'max_steps_exceeded', message: 'Reached max_steps', category: 'AGENT_FAILURE',
 *   retry_after: null, help_url: null, help_message: null }, 'FAILED', 200).code; // 'MAX_STEPS_EXCEEDED'
 */
export function errorFromRunFailure(
  error: UpstreamRunError | null,
  upstreamStatus: string,
  httpStatus: number | null,
): RunError {
  if (upstreamStatus === 'CANCELLED') {
    return runError('CANCELLED', error?.message ?? 'the run was cancelled upstream', {
      http_status: httpStatus,
      upstream_code: error?.code ?? null,
      upstream_message: error?.message ?? null,
      category: error?.category ?? null,
    });
  }
  const message = error?.message ?? `the run ended ${upstreamStatus} without an error message`;
  const details: Record<string, unknown> = {};
  if (error?.help_url) details.help_url = error.help_url;
  if (error?.help_message) details.help_message = error.help_message;
  return runError(classifyRunFailure(error), `run ${upstreamStatus}: ${message}`, {
    http_status: httpStatus,
    upstream_code: error?.code ?? null,
    upstream_message: error?.message ?? null,
    category: error?.category ?? null,
    retry_after_s: error?.retry_after ?? null,
    details: Object.keys(details).length > 0 ? details : null,
  });
}

function classifyRunFailure(error: UpstreamRunError | null): TinyFishErrorCode | string {
  if (error === null) return 'RUN_FAILED';
  const code = error.code?.toUpperCase() ?? null;
  if (code !== null && RUN_OUTCOME_CODES.has(code)) return code;
  if (error.category === 'BILLING_FAILURE') return 'INSUFFICIENT_CREDITS';
  if (/\bmax(imum)?[ _-]?steps?\b/i.test(error.message)) return 'MAX_STEPS_EXCEEDED';
  if (/\b(site|page|access)\b.*\b(blocked|denied)\b|\bcaptcha\b/i.test(error.message)) return 'SITE_BLOCKED';
  return 'RUN_FAILED';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
