import { isoOf } from './clock.js';
import type { FailureTemplate, MockBehaviour } from './model.js';
import type { PlannedEvent } from './plan.js';
import type { RunRecord } from './run-record.js';

/**
 * The API's JSON shapes, built from a RunRecord. Every key the spec marks required is always
 * present (null when unknown): clients and the official SDK's schemas rely on it.
 */

/** RunError as served on runs, /run bodies and COMPLETE (object form). */
export function runError(f: FailureTemplate): Record<string, unknown> {
  return {
    code: f.code,
    message: f.message,
    category: f.category,
    retry_after: f.retry_after,
    ...(f.help_url !== undefined ? { help_url: f.help_url } : {}),
    ...(f.help_message !== undefined ? { help_message: f.help_message } : {}),
  };
}

/**
 * Stand-in for `?screenshots=base64`: the mock renders no pages, so every step carries the same
 * short data URL. It has the documented prefix; its bytes are a placeholder, not a decodable image.
 */
const SCREENSHOT = `data:image/jpeg;base64,${Buffer.from('tfbench mock screenshot').toString('base64')}`;

function nullableIso(ms: number | null): string | null {
  return ms === null ? null : isoOf(ms);
}

function runSummaryFields(run: RunRecord): Record<string, unknown> {
  return {
    run_id: run.run_id,
    status: run.status,
    goal: run.goal,
    created_at: isoOf(run.created_epoch_ms),
    started_at: nullableIso(run.started_epoch_ms),
    finished_at: nullableIso(run.finished_epoch_ms),
    // The spec: "Null while the run is still in progress".
    num_of_steps: run.finished_epoch_ms === null ? null : run.steps.length,
    result: run.result,
    schema_validation: run.schema_validation,
    error: run.error === null ? null : runError(run.error),
    streaming_url: run.streaming_url,
    browser_config: { proxy_enabled: run.proxy_enabled, proxy_country_code: run.proxy_country_code },
  };
}

/** RunSummary, as listed by GET /v1/runs: the Run without video_url and steps. */
export function runSummary(run: RunRecord): Record<string, unknown> {
  return runSummaryFields(run);
}

/** The full Run of GET /v1/runs/{id} and POST /v1/runs/batch. */
export function runObject(run: RunRecord, screenshots: boolean): Record<string, unknown> {
  return {
    ...runSummaryFields(run),
    video_url: run.video_url,
    steps: run.steps.map((s, i) => ({
      id: `${run.run_id}-step-${i + 1}`,
      timestamp: isoOf(s.epoch_ms),
      status: 'COMPLETED',
      action: s.action,
      screenshot: screenshots ? SCREENSHOT : null,
      duration: `${(s.duration_ms / 1000).toFixed(1)}s`,
    })),
  };
}

/**
 * The 8-key body of the blocking POST /v1/automation/run. Its status enum has no CANCELLED
 * (a blocking run cannot be cancelled), so a model outcome of CANCELLED is served as FAILED
 * with the run-level code "cancelled".
 */
export function syncRunBody(run: RunRecord): Record<string, unknown> {
  const cancelled = run.status === 'CANCELLED';
  const error = cancelled
    ? runError({
        code: 'cancelled',
        message: 'The run was cancelled',
        category: 'UNKNOWN',
        retry_after: null,
      })
    : run.error === null
      ? null
      : runError(run.error);
  return {
    run_id: run.run_id,
    status: cancelled ? 'FAILED' : run.status,
    started_at: nullableIso(run.started_epoch_ms),
    finished_at: nullableIso(run.finished_epoch_ms),
    num_of_steps: run.steps.length,
    result: run.result,
    schema_validation: run.schema_validation,
    error,
  };
}

/** The OAS example of a /run failure before any run existed (an infrastructure error). */
export function syncInfrastructureFailureBody(): Record<string, unknown> {
  return {
    run_id: null,
    status: 'FAILED',
    started_at: null,
    finished_at: null,
    num_of_steps: 0,
    result: null,
    schema_validation: null,
    error: { message: 'Internal server error', category: 'SYSTEM_FAILURE', retry_after: null },
  };
}

/** The standard error envelope of non-2xx responses. */
export function envelope(
  code: string,
  message: string,
  extra: { details?: unknown; retry_after?: number } = {},
): Record<string, unknown> {
  return { error: { code, message, ...extra } };
}

/** `data: <json>` plus the blank line, in the run's line ending. */
export function sseFrame(json: string, b: MockBehaviour): string {
  return b.line_ending === 'crlf' ? `data: ${json}\r\n\r\n` : `data: ${json}\n\n`;
}

/**
 * The JSON of one SSE event, in the run's spelling. Key order follows the spec's examples.
 * HEARTBEAT carries no run id in either spelling.
 */
export function eventJson(ev: PlannedEvent, run: RunRecord, timestamp: string): string {
  const camel = run.behaviour.spelling === 'camel';
  const id = camel ? 'runId' : 'run_id';
  /** Every run event but COMPLETE: type and run id first, the timestamp last. */
  const runEvent = (fields: Record<string, unknown>): string =>
    JSON.stringify({ type: ev.type, [id]: run.run_id, ...fields, timestamp });
  switch (ev.type) {
    case 'HEARTBEAT':
      return `{"type":"HEARTBEAT","timestamp":"${timestamp}"}`;
    case 'STARTED':
      return runEvent({});
    case 'STREAMING_URL':
      return runEvent({ [camel ? 'streamingUrl' : 'streaming_url']: run.streaming_url });
    case 'PROGRESS':
      return runEvent({
        purpose: ev.purpose,
        // The older camelCase API predates the TinyFish search/fetch APIs.
        ...(ev.tinyfish_api !== undefined && !camel ? { tinyfish_api: ev.tinyfish_api } : {}),
      });
    case 'TF_API_RESULT':
      return runEvent({ tinyfish_api: ev.tinyfish_api, result: ev.api_result });
    case 'COMPLETE':
      return completeJson(run, id, camel ? 'resultJson' : 'result', timestamp);
  }
}

function completeJson(run: RunRecord, id: string, resultKey: string, timestamp: string): string {
  const body: Record<string, unknown> = { type: 'COMPLETE', [id]: run.run_id, status: run.status };
  if (run.status === 'FAILED' && run.error) {
    if (run.behaviour.complete_error_format === 'string') {
      // OAS shape: a string error with help_url / help_message as siblings.
      body.error = run.error.message;
      if (run.error.help_url !== undefined) body.help_url = run.error.help_url;
      if (run.error.help_message !== undefined) body.help_message = run.error.help_message;
    } else {
      body.error = runError(run.error);
    }
  }
  body[resultKey] = run.result;
  body.timestamp = timestamp;
  return JSON.stringify(body);
}
