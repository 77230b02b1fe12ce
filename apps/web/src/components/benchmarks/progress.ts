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
  const counted = FINISHED.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return {
    counts,
    done: b.progress?.done ?? counted,
    total: b.progress?.total ?? plannedTotal(b),
  };
}
