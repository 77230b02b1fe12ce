import type { FinalRunStatus, RunError } from '@tfbench/domain/provider';
import { type RunSnapshot, serverDurationMs, verdictOf } from '../run-object.js';

/** How a mode ended the run: a final state, or stopped by a timeout or an abort. */
export type ModeResult =
  | {
      kind: 'final';
      status: Exclude<FinalRunStatus, 'timeout'>;
      error: RunError | null;
      /** Monotonic instant the outcome became known. */
      at: number;
      upstream_status: string | null;
      result: unknown;
      response_json: unknown;
      num_of_steps: number | null;
      server_duration_ms: number | null;
      reconciled: boolean;
    }
  | { kind: 'stopped' };

/** A failure before or outside any upstream verdict. */
export function failed(error: RunError, at: number, responseJson: unknown = null): ModeResult {
  return {
    kind: 'final',
    status: 'failed',
    error,
    at,
    upstream_status: null,
    result: null,
    response_json: responseJson,
    num_of_steps: null,
    server_duration_ms: null,
    reconciled: false,
  };
}

/** A terminal run document as it was answered: parsed, raw, with its HTTP status and instant. */
export interface TerminalDocument {
  snapshot: RunSnapshot;
  json: unknown;
  httpStatus: number;
  at: number;
}

/**
 * The outcome a terminal run document says: the sync mode's answer, the async mode's last
 * poll, or the SSE mode's read after a broken stream (then `reconciled`).
 */
export function fromTerminalDocument(doc: TerminalDocument, reconciled: boolean): ModeResult {
  const { snapshot } = doc;
  const verdict = verdictOf(snapshot.status, snapshot.error, doc.httpStatus);
  return {
    kind: 'final',
    status: verdict.status,
    error: verdict.error,
    at: doc.at,
    upstream_status: snapshot.status,
    result: snapshot.result,
    response_json: doc.json,
    num_of_steps: snapshot.num_of_steps,
    server_duration_ms: serverDurationMs(snapshot.started_at, snapshot.finished_at),
    reconciled,
  };
}
