import type { FinalRunStatus, RunError } from '@tfbench/domain/provider';

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
