/**
 * The error taxonomy of the OpenAI-compatible client, on the provider kit's base. The
 * statuses an OpenAI-compatible server answers with map to the codes TinyFish runs use for
 * the same meaning, so thresholds and alerts on error codes read the same for both
 * providers; the upstream's own message, code and type are kept verbatim next to ours.
 */
import type { RunError } from '@tfbench/domain/provider';
import { CLIENT_ERROR_CODES, codeForHttpStatus, runError } from '@tfbench/provider-kit/errors';

/** Every code the client produces. */
export const OPENAI_ERROR_CODES = {
  // Before any request: the automation or the inputs are unusable.
  INVALID_CONFIG: 'INVALID_CONFIG',
  MISSING_API_KEY: 'MISSING_API_KEY',
  // The server refused the request.
  INVALID_API_KEY: 'INVALID_API_KEY',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'INVALID_INPUT',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  SERVICE_BUSY: 'SERVICE_BUSY',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  // The stream had started (HTTP 200) and then carried an error object.
  UPSTREAM_STREAM_ERROR: 'UPSTREAM_STREAM_ERROR',
  ...CLIENT_ERROR_CODES,
} as const;

export type OpenAIErrorCode = (typeof OPENAI_ERROR_CODES)[keyof typeof OPENAI_ERROR_CODES];

/** Statuses whose meaning is fixed whatever the body says. */
const STATUS_CODES: Readonly<Record<number, OpenAIErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'INVALID_API_KEY',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMIT_EXCEEDED',
};

/** The error object of the three body shapes servers send, or null. */
interface UpstreamErrorBody {
  message: string | null;
  code: string | null;
  type: string | null;
  param: string | null;
}

/**
 * Map a non-2xx answer to an error. Bodies: OpenAI's `{"error": {message, type, param, code}}`,
 * vLLM's `{"object": "error", message, type, param, code}`, or plain text. An unknown model
 * is NOT_FOUND whatever the status (OpenAI answers 404 `model_not_found`; some servers 400).
 *
 * @example
 * errorFromHttpResponse(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }).code;
 * // 'INVALID_API_KEY'
 */
export function errorFromHttpResponse(status: number, body: unknown, rawText = ''): RunError {
  const upstream = readErrorBody(body) ?? { message: null, code: null, type: null, param: null };
  const message = upstream.message ?? (rawText.trim() ? rawText.trim().slice(0, 500) : null);
  const code = isUnknownModel(upstream, message)
    ? 'NOT_FOUND'
    : (STATUS_CODES[status] ?? codeForHttpStatus(status));
  return runError(code, `the endpoint answered HTTP ${status}${message ? `: ${message}` : ''}`, {
    http_status: status,
    upstream_code: upstream.code ?? upstream.type,
    upstream_message: message,
    category: upstream.type,
    details: upstream.param === null ? null : { param: upstream.param },
  });
}

/**
 * An error object in a 200 answer: inside the stream (`data: {"error": {...}}`, the request
 * failed after the stream started) or as a whole non-stream body. The upstream's message is
 * the error's message.
 */
export function errorFromErrorObject(payload: Record<string, unknown>, where: 'stream' | 'body'): RunError {
  const upstream = readErrorBody(payload) ?? { message: null, code: null, type: null, param: null };
  const message = upstream.message ?? 'an error without a message';
  return runError(
    'UPSTREAM_STREAM_ERROR',
    `the ${where === 'stream' ? 'stream' : 'answer'} carried an error: ${message}`,
    {
      http_status: 200,
      upstream_code: upstream.code ?? upstream.type,
      upstream_message: upstream.message,
      category: upstream.type,
    },
  );
}

function readErrorBody(body: unknown): UpstreamErrorBody | null {
  if (!isObject(body)) return null;
  const inner = isObject(body.error)
    ? body.error
    : typeof body.error === 'string'
      ? { message: body.error }
      : body;
  if (!isObject(inner)) return null;
  return {
    message: typeof inner.message === 'string' && inner.message !== '' ? inner.message : null,
    code: scalarText(inner.code),
    type: scalarText(inner.type),
    param: scalarText(inner.param),
  };
}

function isUnknownModel(upstream: UpstreamErrorBody, message: string | null): boolean {
  if (upstream.code === 'model_not_found') return true;
  return message !== null && /\bmodel\b.*\b(does not exist|not found|unknown)\b/i.test(message);
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
