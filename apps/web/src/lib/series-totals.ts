import type { Benchmark } from '@tfbench/contract';

/** What a sweep or search reports of its finished steps, added up. */
export type SeriesTotals = NonNullable<NonNullable<Benchmark['summary']>['series']>;

/** The steps' runs that ended with an outcome: what a series' success rate is over. */
export function runsWithOutcome(totals: SeriesTotals): number {
  return totals.completed + totals.failed + totals.timed_out;
}
