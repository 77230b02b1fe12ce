/**
 * The runs-in-flight target of a closed-arrival benchmark at a given moment: its concurrency,
 * or with stages the ramping profile's target (load-profile.ts), together with when that target
 * changes next, so the driver can be called then to start the runs an increase allows. A
 * decrease needs no call: ending runs are simply not replaced until the count is below it.
 */
import { concurrencyTargetAt, concurrencyTimeline, nextConcurrencyStep } from './load-profile.js';
import type { BenchmarkSettings } from './settings.js';

export interface ClosedTarget {
  target: number;
  /** Epoch ms of the next change of the target; null when it never changes again. */
  nextChangeAt: number | null;
}

/** The target of `settings` at `nowMs`, the measured phase having started at `startMs`. */
export function closedTargetAt(settings: BenchmarkSettings, startMs: number, nowMs: number): ClosedTarget {
  if (!settings.stages) return { target: settings.concurrency, nextChangeAt: null };
  const timeline = concurrencyTimeline(settings.stages, settings.start_target ?? 1);
  const elapsed = nowMs - startMs;
  const next = nextConcurrencyStep(timeline, elapsed);
  return {
    target: Math.min(settings.concurrency, concurrencyTargetAt(timeline, elapsed)),
    nextChangeAt: next ? startMs + next.at_ms : null,
  };
}
