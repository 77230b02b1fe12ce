import type { Benchmark } from '@tfbench/contract';

const noRuns = { total: 0, done: 0 };

/**
 * A benchmark as the API lists it: finished, closed arrival, no runs, no summary and no verdict,
 * with `values` on top.
 *
 * @example
 * benchmarkOf({ id: 3, verdict: 'failed' });
 */
export function benchmarkOf(values: Partial<Benchmark>): Benchmark {
  return {
    id: 1,
    scenario_id: 1,
    name: null,
    settings: {},
    status: 'completed',
    counts: { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0, timeout: 0 },
    progress: { ...noRuns, fraction: 0, warmup: noRuns, measured: noRuns },
    summary: null,
    threshold_results: null,
    verdict: null,
    stop_reason: null,
    started_at: null,
    measurement_started_at: null,
    finished_at: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    ...values,
  };
}
