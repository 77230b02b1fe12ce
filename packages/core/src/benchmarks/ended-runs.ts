/**
 * The closed-arrival runs of this process whose upstream request has ended while their outcome
 * is still being stored. In a closed loop the slot is the upstream request: a run whose stream
 * has ended no longer holds one, so the step that replaces it need not wait for its outcome's
 * write (a batch, tens of milliseconds under load). The closed top-up leaves these runs out of
 * its in-flight count (see topUpClosedBenchmark).
 *
 * Why this is safe across processes: each process leaves out only its own runs, and only
 * while it knows their request is over, so the runs counted in flight are never fewer than the
 * requests open upstream. A run leaves the set once its outcome has committed (it is then
 * ended in the table) or once storing it has failed for good (it is then counted in flight
 * again until the reconciler recovers it, which may send it again).
 */
import type { Benchmark } from '../db/schema.js';
import { readBenchmarkSettings } from './settings.js';

/**
 * Whether a benchmark's runs are replaced once their request has ended: a running closed
 * benchmark that decides nothing from its stored outcomes while it runs. One with `stop_on`
 * conditions, `until_ci_halfwidth` or `max_cost_usd` replaces a run only once its outcome is
 * stored, so that what the outcomes say is known before the next run starts: with one run in
 * flight such a stop is exact, and a cost cap is passed by no more than the runs in flight.
 */
export function replacesRunsAtRequestEnd(benchmark: Pick<Benchmark, 'status' | 'settings'>): boolean {
  if (benchmark.status !== 'running') return false;
  const settings = readBenchmarkSettings(benchmark.settings);
  return (
    settings.arrival === 'closed' &&
    settings.stop_on.length === 0 &&
    settings.until_ci_halfwidth === null &&
    settings.max_cost_usd === null
  );
}

export class EndedRuns {
  private readonly byBenchmark = new Map<number, Set<number>>();

  /**
   * `runId` of `benchmarkId` has ended upstream; it stays left out of the in-flight count until
   * `stored` settles (its outcome committed, or storing it failed for good).
   *
   * @example
   * endedRuns.add(run.benchmark_id, run.id, storing);
   */
  add(benchmarkId: number, runId: number, stored: Promise<unknown>): void {
    let runs = this.byBenchmark.get(benchmarkId);
    if (!runs) {
      runs = new Set();
      this.byBenchmark.set(benchmarkId, runs);
    }
    runs.add(runId);
    const remove = (): void => {
      runs.delete(runId);
      if (runs.size === 0 && this.byBenchmark.get(benchmarkId) === runs) this.byBenchmark.delete(benchmarkId);
    };
    stored.then(remove, remove);
  }

  /** The runs of the benchmark left out of its in-flight count now. */
  of(benchmarkId: number): number[] {
    const runs = this.byBenchmark.get(benchmarkId);
    return runs ? [...runs] : [];
  }

  /** Runs tracked now, over all benchmarks (tests and diagnostics). */
  get size(): number {
    let size = 0;
    for (const runs of this.byBenchmark.values()) size += runs.size;
    return size;
  }
}
