import type { Benchmark, Run, RunStatus } from '@/lib/api';

/** How far a benchmark has got: runs per status and the planned total. */
export interface BenchmarkProgress {
  counts: Partial<Record<RunStatus, number>>;
  done: number;
  total: number | null;
}

const FINISHED: RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

function plannedTotal(b: Benchmark): number | null {
  const s = b.settings;
  const iterations = typeof s.iterations === 'number' ? s.iterations : null;
  const warmup = typeof s.warmup_runs === 'number' ? s.warmup_runs : 0;
  return iterations === null ? null : iterations + warmup;
}

/**
 * The benchmark's progress as the API reports it (`counts` / `progress`), or, from an API that
 * does not, counted from its runs.
 */
export function progressOf(b: Benchmark, runs: Run[] | undefined): BenchmarkProgress {
  let counts: Partial<Record<RunStatus, number>> = {};
  if (b.counts) counts = b.counts;
  else if (runs) for (const r of runs) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const done = FINISHED.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const fromProgress =
    typeof b.progress === 'object' && b.progress !== null && typeof b.progress.total === 'number'
      ? b.progress.total
      : null;
  const total =
    fromProgress ?? (typeof b.counts?.total === 'number' ? b.counts.total : null) ?? plannedTotal(b);
  return { counts, done, total };
}
