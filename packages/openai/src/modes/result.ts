/** What a mode hands back to the provider, which turns it into the run's outcome. */
import type { RunError } from '@tfbench/domain/provider';

export type ModeResult =
  | {
      kind: 'final';
      status: 'completed' | 'failed';
      error: RunError | null;
      /** Monotonic instant the outcome became known ([DONE], the body's end, the failure). */
      at: number;
      result: unknown;
      response_json: unknown;
    }
  /** The run's context stopped it (a timeout, or the caller's abort). */
  | { kind: 'stopped' };

export function failed(error: RunError, at: number, responseJson: unknown = null): ModeResult {
  return { kind: 'final', status: 'failed', error, at, result: null, response_json: responseJson };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
