/** The provider kit's run context, with TinyFish named in its timeout messages. */
import { RunContext as KitRunContext } from '@tfbench/provider-kit/context';
import type { MonotonicClock } from '@tfbench/provider-kit/timing';

export type { PhaseTimeoutCode, StopObserver, StopReason, TimeoutCode } from '@tfbench/provider-kit/context';

export class RunContext extends KitRunContext {
  constructor(clock: MonotonicClock, totalTimeoutMs: number, external: AbortSignal | undefined) {
    super(clock, totalTimeoutMs, external, 'TinyFish');
  }
}
