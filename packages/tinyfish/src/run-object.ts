/**
 * Reading TinyFish's run-shaped documents leniently: the Run object (GET /v1/runs/{id}),
 * the blocking /run body, and the cancel result. Every documented key is optional here:
 * the OpenAPI examples themselves omit required keys, and older payloads mix spellings.
 */
import type { FinalRunStatus, RunError } from '@tfbench/domain/provider';
import { errorFromRunFailure } from './errors.js';
import { normalizeRunError, type UpstreamRunError } from './sse/index.js';

/** The fields of a run document the client uses. */
export interface RunSnapshot {
  run_id: string | null;
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED (or whatever the upstream said). */
  status: string;
  result: unknown;
  error: UpstreamRunError | null;
  streaming_url: string | null;
  num_of_steps: number | null;
  started_at: string | null;
  finished_at: string | null;
}

export const TERMINAL_UPSTREAM_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** A run document, or null when `json` does not look like one (no string `status`). */
export function parseRunSnapshot(json: unknown): RunSnapshot | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  if (typeof o.status !== 'string' || o.status === '') return null;
  return {
    run_id: str(o.run_id ?? o.runId),
    status: o.status.toUpperCase(),
    result: o.result ?? o.resultJson ?? null,
    error: normalizeRunError(o.error, o),
    streaming_url: str(o.streaming_url ?? o.streamingUrl),
    num_of_steps:
      typeof o.num_of_steps === 'number' && Number.isFinite(o.num_of_steps) ? o.num_of_steps : null,
    started_at: str(o.started_at),
    finished_at: str(o.finished_at),
  };
}

/** finished_at - started_at in ms, from the server's own clock; null if either is missing. */
export function serverDurationMs(startedAt: string | null, finishedAt: string | null): number | null {
  if (startedAt === null || finishedAt === null) return null;
  const start = Date.parse(startedAt);
  const end = Date.parse(finishedAt);
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start;
}

/** The verdict on a terminal upstream status. */
export interface TerminalVerdict {
  status: Exclude<FinalRunStatus, 'timeout'>;
  error: RunError | null;
}

/**
 * COMPLETED -> completed; FAILED -> failed with the mapped run error; CANCELLED ->
 * cancelled. Any other word on a document that claims to be final is a failure we name.
 */
export function verdictOf(
  upstreamStatus: string,
  error: UpstreamRunError | null,
  httpStatus: number | null,
): TerminalVerdict {
  switch (upstreamStatus) {
    case 'COMPLETED':
      return { status: 'completed', error: null };
    case 'CANCELLED':
      return { status: 'cancelled', error: errorFromRunFailure(error, 'CANCELLED', httpStatus) };
    default:
      return { status: 'failed', error: errorFromRunFailure(error, upstreamStatus, httpStatus) };
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
