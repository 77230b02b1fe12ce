/**
 * The error taxonomy base every provider client shares: the RunError builder, the codes a
 * client produces on its own side of the wire (the exchange failed, our time budgets ran
 * out, the answer was unreadable), the codes an HTTP status alone implies, and the redactor
 * that keeps secrets out of everything a client reports. Codes are UPPER_SNAKE and never
 * change meaning; a provider adds the codes of its own protocol next to these.
 */
import type { RunError } from '@tfbench/domain/provider';

/** The codes of failures on our side of the wire, whatever the provider. */
export const CLIENT_ERROR_CODES = {
  /** An HTTP error without a recognisable envelope (e.g. a proxy's HTML 502 page). */
  UPSTREAM_HTTP_ERROR: 'UPSTREAM_HTTP_ERROR',
  CANCELLED: 'CANCELLED',
  // The exchange itself failed.
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** The upstream's address is one the outbound policy refuses (checked as the socket opens). */
  OUTBOUND_BLOCKED: 'OUTBOUND_BLOCKED',
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

/** The codes that end a run with status `timeout` rather than `failed`. */
export const CLIENT_TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'CONNECT_TIMEOUT',
  'HEADERS_TIMEOUT',
  'IDLE_TIMEOUT',
  'TOTAL_TIMEOUT',
]);

/** What an HTTP status alone says, when the body carries no code we recognise. */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_BUSY',
};

/**
 * The code an HTTP error status implies on its own: the common statuses by name, any other
 * 5xx INTERNAL_ERROR, anything else UPSTREAM_HTTP_ERROR.
 *
 * @example
 * codeForHttpStatus(429); // 'RATE_LIMIT_EXCEEDED'
 * codeForHttpStatus(502); // 'INTERNAL_ERROR'
 */
export function codeForHttpStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'UPSTREAM_HTTP_ERROR');
}

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
 * A transport failure (refused, reset, DNS...), with the system error code as the cause; an
 * address guard's refusal (cause code OUTBOUND_BLOCKED) is its own code, as nothing was sent.
 */
export function networkError(cause: unknown, phase: string): RunError {
  const e = cause as NodeJS.ErrnoException | undefined;
  const causeCode = typeof e?.code === 'string' ? e.code : null;
  const causeMessage = e instanceof Error ? e.message : String(cause);
  if (causeCode === CLIENT_ERROR_CODES.OUTBOUND_BLOCKED) {
    return runError(causeCode, `upstream address refused (no request sent): ${causeMessage}`, {
      details: { cause: causeCode, cause_message: causeMessage, phase },
    });
  }
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
