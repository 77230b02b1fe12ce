import type { Benchmark, RunStatus } from '@tfbench/contract';

/**
 * How far a benchmark has got. `done` and `total` count the measured runs, as the dialog's
 * "Iterations: measured runs (warm-up not included)" asked for them; warm-ups are apart.
 * `counts` are all runs per status, warm-ups included.
 */
export interface BenchmarkProgress {
  counts: Partial<Record<RunStatus, number>>;
  done: number;
  total: number;
  warmup: { done: number; total: number } | null;
}

/** The benchmark's progress as the API reports it (`counts` and `progress`). */
export function progressOf(b: Benchmark): BenchmarkProgress {
  const { counts, progress } = b;
  const warmup = progress.warmup.total > 0 ? progress.warmup : null;
  return { counts, done: progress.measured.done, total: progress.measured.total, warmup };
}
