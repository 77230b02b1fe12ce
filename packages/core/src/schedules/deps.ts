import type { BenchmarkDeps } from '../benchmarks/deps.js';

/**
 * What the scheduler needs: the benchmark engine's dependencies (a tick may start a
 * benchmark, and the scheduler loop supervises unfinished benchmarks).
 */
export type SchedulerDeps = BenchmarkDeps & {
  /** The daily budget in US dollars (from config `exposure.dailyBudgetUsd`); reached, ticks fire nothing. */
  settings?: { dailyBudgetUsd?: number | null };
};
