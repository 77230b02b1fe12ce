import type { ResolvedRunSettings, RunAttempt } from '@tfbench/domain/provider';
import type { RunBasics } from '../client-options.js';
import type { RunContext } from './context.js';
import type { RunRecorder } from './recorder.js';

/** What every provider's run in flight has, and the kit's run helpers read. */
export interface RunSessionBasics {
  deps: RunBasics;
  settings: ResolvedRunSettings;
  ctx: RunContext;
  recorder: RunRecorder;
  attempts: RunAttempt[];
  /** Monotonic start of each attempt, parallel to `attempts`. */
  attemptStarts: number[];
}
