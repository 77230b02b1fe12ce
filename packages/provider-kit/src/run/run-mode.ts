import type { RunError } from '@tfbench/domain/provider';
import { runError } from '../errors.js';
import type { MonotonicClock } from '../timing/clock.js';
import type { RunContext } from './context.js';

/**
 * Run a mode and wait for its result. The mode arms the run's timer synchronously for its
 * first request; if it did not, the total budget must still be enforced. A throw is a bug,
 * not an upstream failure: it still ends as a result (`asFailure`), never a rejection.
 */
export async function runMode<R>(
  ctx: RunContext,
  clock: MonotonicClock,
  start: () => Promise<R>,
  asFailure: (error: RunError, at: number) => R,
): Promise<R> {
  try {
    const running = start();
    ctx.ensureArmed();
    return await running;
  } catch (error) {
    const message = `internal client error: ${(error as Error)?.message ?? error}`;
    return asFailure(runError('RUN_FAILED', message), clock.now());
  }
}
