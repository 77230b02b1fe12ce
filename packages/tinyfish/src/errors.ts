/**
 * The error taxonomy of the TinyFish client: every way a run can fail maps to one stable
 * code. Codes are UPPER_SNAKE and never change meaning; new ones may be added. Where the
 * failure came from the API, its own code, message and HTTP status are kept verbatim on the
 * error next to ours (docs/metrics.md, "Errors").
 */
import type { RunError } from '@tfbench/domain/provider';
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
  /** An HTTP error without a recognisable envelope (e.g. a proxy's HTML 502 page). */
  UPSTREAM_HTTP_ERROR: 'UPSTREAM_HTTP_ERROR',
  // The run existed and ended FAILED or CANCELLED upstream.
  RUN_FAILED: 'RUN_FAILED',
  TASK_FAILED: 'TASK_FAILED',
  MAX_STEPS_EXCEEDED: 'MAX_STEPS_EXCEEDED',
  SITE_BLOCKED: 'SITE_BLOCKED',
  CONTENT_POLICY_VIOLATION: 'CONTENT_POLICY_VIOLATION',
  CANCELLED: 'CANCELLED',
  // The exchange itself failed.
  NETWORK_ERROR: 'NETWORK_ERROR',
  STREAM_BROKEN: 'STREAM_BROKEN',
  STREAM_PROTOCOL_ERROR: 'STREAM_PROTOCOL_ERROR',
  /** A JSON response we could not read (not JSON, too large, wrong shape). */
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  /** The run's settings were unusable (unknown mode, out-of-range timeout). */
  INVALID_SETTINGS: 'INVALID_SETTINGS',
  // Our own time budgets (status `timeout`).
  CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  HEADERS_TIMEOUT: 'HEADERS_TIMEOUT',
  IDLE_TIMEOUT: 'IDLE_TIMEOUT',
  TOTAL_TIMEOUT: 'TOTAL_TIMEOUT',
} as const;

export type TinyFishErrorCode = (typeof TINYFISH_ERROR_CODES)[keyof typeof TINYFISH_ERROR_CODES];

/** The codes that end a run with status `timeout` rather than `failed`. */
export const CLIENT_TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'CONNECT_TIMEOUT',
  'HEADERS_TIMEOUT',
  'IDLE_TIMEOUT',
  'TOTAL_TIMEOUT',
]);

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

/** Without an envelope, the HTTP status alone says this much. */
const STATUS_FALLBACK: Readonly<Record<number, TinyFishErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_BUSY',
};

/** Build a RunError; fields not given are null. */
export function runError(
  code: string,
  message: string,
  extra: Partial<Omit<RunError, 'code' | 'message'>> = {},
): RunError {
  return {
    code,
    message,
    http_status: extra.http_status ?? null,
    upstream_code: extra.upstream_code ?? null,
    upstream_message: extra.upstream_message ?? null,
    category: extra.category ?? null,
    retry_after_s: extra.retry_after_s ?? null,
    details: extra.details ?? null,
  };
}

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
  const code = known
    ? (upstreamCode as string).toUpperCase()
    : (STATUS_FALLBACK[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'UPSTREAM_HTTP_ERROR'));
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

/** A transport failure (refused, reset, DNS...), with the system error code as the cause. */
export function networkError(cause: unknown, phase: string): RunError {
  const e = cause as NodeJS.ErrnoException | undefined;
  const causeCode = typeof e?.code === 'string' ? e.code : null;
  const causeMessage = e instanceof Error ? e.message : String(cause);
  return runError('NETWORK_ERROR', `network error ${phase}: ${causeCode ?? causeMessage}`, {
    details: { cause: causeCode, cause_message: causeMessage, phase },
  });
}

/**
 * Replaces secrets in text and JSON with "***". Applied to everything that leaves the
 * client (errors, events, logs), so an upstream echoing the API key cannot leak it.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: (string | undefined)[]) {
    // Very short strings would redact ordinary words; real keys are long.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  }

  /** True when `text` contains a secret (a cheap check before any copying). */
  touches(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret));
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  }

  /** Deep copy of a JSON value with every string redacted (the input is returned when clean). */
  json<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    const serialised = JSON.stringify(value);
    if (serialised === undefined || !this.touches(serialised)) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.walk(item);
      return out;
    }
    return value;
  }

  error(error: RunError): RunError {
    return this.json(error);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
