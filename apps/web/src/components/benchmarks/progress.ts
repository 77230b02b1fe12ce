import type { Benchmark, Run, RunStatus } from '@/lib/api';

/**
 * How far a benchmark has got. `done` and `total` count the measured runs, as the dialog's
 * "Iterations: measured runs (warm-up not included)" asked for them; warm-ups are apart.
 * `counts` are all runs per status, warm-ups included.
 */
export interface BenchmarkProgress {
  counts: Partial<Record<RunStatus, number>>;
  done: number;
  total: number | null;
  warmup: { done: number; total: number } | null;
}

const FINISHED: RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

function plannedIterations(b: Benchmark): number | null {
  return typeof b.settings.iterations === 'number' ? b.settings.iterations : null;
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
  const p = b.progress;
  const warmup = p?.warmup && p.warmup.total > 0 ? { done: p.warmup.done, total: p.warmup.total } : null;
  if (p?.measured) return { counts, done: p.measured.done, total: p.measured.total, warmup };
  // An API without `measured`: take the warm-ups out of its totals.
  return {
    counts,
    done: (p?.done ?? counted) - (warmup?.done ?? 0),
    total: p ? p.total - (warmup?.total ?? 0) : plannedIterations(b),
    warmup,
  };
}
