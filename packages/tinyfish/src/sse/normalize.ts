/**
 * Turns one SSE message into a TinyFish event, accepting both spellings the API has used:
 * the current snake_case (run_id, streaming_url, result) and the older camelCase (runId,
 * streamingUrl, resultJson). The original JSON object is kept untouched as the payload;
 * the normalised fields are what the client reads.
 */

/** A run-level error as COMPLETE (or a run object) carries it, whichever shape it came in. */
export interface UpstreamRunError {
  code: string | null;
  message: string;
  category: string | null;
  retry_after: number | null;
  help_url: string | null;
  help_message: string | null;
}

/** A TinyFish stream event with the fields the client needs pulled out. */
export interface TinyFishEvent {
  /** STARTED, STREAMING_URL, PROGRESS, HEARTBEAT, TF_API_RESULT, COMPLETE, or any other. */
  type: string;
  run_id: string | null;
  streaming_url: string | null;
  /** ISO 8601 timestamp of the server, when present. */
  timestamp: string | null;
  /** COMPLETE only: COMPLETED, FAILED or CANCELLED. */
  status: string | null;
  /** COMPLETE only: the result object, null when absent. */
  result: unknown;
  /** COMPLETE only: the error in one shape. */
  error: UpstreamRunError | null;
  /** The JSON object as received. */
  payload: Record<string, unknown>;
}

/** Why a data payload is not a usable event. */
export interface EventParseFailure {
  reason: 'invalid_json' | 'not_an_object' | 'missing_type';
  message: string;
}

/**
 * Parse the `data` of one SSE message. `sseType` is the `event:` field, used as the type
 * only when the JSON has none (TinyFish puts the type in the JSON).
 *
 * @example
 * parseTinyFishEvent('{"type":"STARTED","runId":"r1","timestamp":"2026-01-01T00:00:00Z"}', null);
 * // { ok: true, event: { type: 'STARTED', run_id: 'r1', ... } }
 */
export function parseTinyFishEvent(
  data: string,
  sseType: string | null,
): { ok: true; event: TinyFishEvent } | { ok: false; failure: EventParseFailure } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    return { ok: false, failure: { reason: 'invalid_json', message: (error as Error).message } };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, failure: { reason: 'not_an_object', message: 'event data is not a JSON object' } };
  }
  const payload = json as Record<string, unknown>;
  const type = typeof payload.type === 'string' && payload.type !== '' ? payload.type : sseType;
  if (!type) return { ok: false, failure: { reason: 'missing_type', message: 'event has no "type"' } };
  const isComplete = type === 'COMPLETE';
  return {
    ok: true,
    event: {
      type,
      run_id: stringOrNull(payload.run_id ?? payload.runId),
      streaming_url: stringOrNull(payload.streaming_url ?? payload.streamingUrl),
      timestamp: stringOrNull(payload.timestamp),
      status: isComplete ? stringOrNull(payload.status) : null,
      result: isComplete ? (payload.result ?? payload.resultJson ?? null) : null,
      error: isComplete ? normalizeRunError(payload.error, payload) : null,
      payload,
    },
  };
}

/**
 * A run error from any of its documented shapes: a RunError object (current SDK), a bare
 * string with help_url/help_message as siblings (OpenAPI), or nothing. `siblings` is the
 * object holding the error, searched for those top-level help fields.
 */
export function normalizeRunError(
  error: unknown,
  siblings: Record<string, unknown> = {},
): UpstreamRunError | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') {
    return {
      code: null,
      message: error,
      category: null,
      retry_after: null,
      help_url: stringOrNull(siblings.help_url),
      help_message: stringOrNull(siblings.help_message),
    };
  }
  if (typeof error === 'object' && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    return {
      code: stringOrNull(e.code),
      message: stringOrNull(e.message) ?? 'run failed without a message',
      category: stringOrNull(e.category),
      retry_after: typeof e.retry_after === 'number' && Number.isFinite(e.retry_after) ? e.retry_after : null,
      help_url: stringOrNull(e.help_url ?? siblings.help_url),
      help_message: stringOrNull(e.help_message ?? siblings.help_message),
    };
  }
  return {
    code: null,
    message: String(error),
    category: null,
    retry_after: null,
    help_url: null,
    help_message: null,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
