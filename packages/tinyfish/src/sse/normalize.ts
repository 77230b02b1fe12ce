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

/** A failure as {@link readEventObject} returns it: a class, so it is told apart from a payload. */
class EventDataFailure implements EventParseFailure {
  constructor(
    readonly reason: EventParseFailure['reason'],
    readonly message: string,
  ) {}
}

/**
 * The first step of {@link parseTinyFishEvent}: the event's JSON object, or why the data is
 * not an event (tell them apart with {@link isEventParseFailure}). Nothing is allocated
 * beyond what JSON.parse builds, so the measuring path can read just the fields it needs
 * with {@link eventTypeOf}, {@link runIdOf}, {@link streamingUrlOf} and {@link timestampOf}.
 */
export function readEventObject(
  data: string,
  sseType: string | null,
): Record<string, unknown> | EventParseFailure {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    return new EventDataFailure('invalid_json', (error as Error).message);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return new EventDataFailure('not_an_object', 'event data is not a JSON object');
  }
  const payload = json as Record<string, unknown>;
  if (!eventTypeOf(payload, sseType)) return new EventDataFailure('missing_type', 'event has no "type"');
  return payload;
}

export function isEventParseFailure(
  value: Record<string, unknown> | EventParseFailure,
): value is EventParseFailure {
  return value instanceof EventDataFailure;
}

/** The event's type: the JSON's own `type`, else the SSE `event:` field; null when neither. */
export function eventTypeOf(payload: Record<string, unknown>, sseType: string | null): string | null {
  return typeof payload.type === 'string' && payload.type !== '' ? payload.type : sseType || null;
}

/** The run id in either spelling (run_id, runId). */
export function runIdOf(payload: Record<string, unknown>): string | null {
  return stringOrNull(payload.run_id ?? payload.runId);
}

/** The live-view URL in either spelling (streaming_url, streamingUrl). */
export function streamingUrlOf(payload: Record<string, unknown>): string | null {
  return stringOrNull(payload.streaming_url ?? payload.streamingUrl);
}

/** The server's ISO 8601 timestamp, when present. */
export function timestampOf(payload: Record<string, unknown>): string | null {
  return stringOrNull(payload.timestamp);
}

/** Every normalised field of an event object of type `type` (see {@link readEventObject}). */
export function toTinyFishEvent(payload: Record<string, unknown>, type: string): TinyFishEvent {
  const isComplete = type === 'COMPLETE';
  return {
    type,
    run_id: runIdOf(payload),
    streaming_url: streamingUrlOf(payload),
    timestamp: timestampOf(payload),
    status: isComplete ? stringOrNull(payload.status) : null,
    result: isComplete ? (payload.result ?? payload.resultJson ?? null) : null,
    error: isComplete ? normalizeRunError(payload.error, payload) : null,
    payload,
  };
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
  const payload = readEventObject(data, sseType);
  if (isEventParseFailure(payload)) {
    return { ok: false, failure: { reason: payload.reason, message: payload.message } };
  }
  return { ok: true, event: toTinyFishEvent(payload, eventTypeOf(payload, sseType) as string) };
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
