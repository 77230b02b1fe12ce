/**
 * The totals of a sweep or search over its steps, for `summary.series`. The series' own benchmark
 * runs nothing, so its ordinary summary figures are empty; these say what the series as a whole
 * did: its steps and their verdicts, its measured runs by outcome, its cost and its span. Pure:
 * the same steps give the same totals, recomputed whenever a step ends.
 */
import type { RunStatus } from '@tfbench/domain/model';
import type { BenchmarkSummary } from './summary.js';
import type { BenchmarkVerdict } from './verdict.js';

/** What the totals read of one step: its stored summary, its measured runs by status, its verdict. */
export interface StepTotalsInput {
  summary: Partial<Pick<BenchmarkSummary, 'cost_usd' | 'first_started_at' | 'last_finished_at'>>;
  /** Measured runs (warm-ups left out) by status. */
  measured: Partial<Record<RunStatus, number>>;
  /** null while the step has not finished, no_thresholds when it checked nothing. */
  verdict: BenchmarkVerdict | null;
}

export interface SeriesTotals {
  steps: number;
  /** Steps whose thresholds (and built-in checks) all held, and steps where one failed. */
  steps_passed: number;
  steps_failed: number;
  /** Measured runs of all steps, in any status, and those that ended each way. */
  runs: number;
  completed: number;
  failed: number;
  timed_out: number;
  cancelled: number;
  /** Sum over the steps that report a cost; null when none does. */
  cost_usd: number | null;
  first_started_at: string | null;
  last_finished_at: string | null;
  /** From the first start to the last finish, in seconds; null until a run has ended. */
  duration_s: number | null;
}

function earliest(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  return a === null || Date.parse(b) < Date.parse(a) ? b : a;
}

function latest(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The series' totals over its steps so far.
 *
 * @example
 * seriesTotals([{ summary: { cost_usd: 0.5 }, measured: { completed: 9, failed: 1 }, verdict: 'passed' }]);
 * // { steps: 1, steps_passed: 1, runs: 10, completed: 9, failed: 1, cost_usd: 0.5, ... }
 */
export function seriesTotals(steps: readonly StepTotalsInput[]): SeriesTotals {
  const totals: SeriesTotals = {
    steps: steps.length,
    steps_passed: 0,
    steps_failed: 0,
    runs: 0,
    completed: 0,
    failed: 0,
    timed_out: 0,
    cancelled: 0,
    cost_usd: null,
    first_started_at: null,
    last_finished_at: null,
    duration_s: null,
  };
  for (const { summary, measured, verdict } of steps) {
    if (verdict === 'passed') totals.steps_passed++;
    if (verdict === 'failed') totals.steps_failed++;
    for (const count of Object.values(measured)) totals.runs += count ?? 0;
    totals.completed += measured.completed ?? 0;
    totals.failed += measured.failed ?? 0;
    totals.timed_out += measured.timeout ?? 0;
    totals.cancelled += measured.cancelled ?? 0;
    if (typeof summary.cost_usd === 'number') totals.cost_usd = (totals.cost_usd ?? 0) + summary.cost_usd;
    totals.first_started_at = earliest(totals.first_started_at, summary.first_started_at);
    totals.last_finished_at = latest(totals.last_finished_at, summary.last_finished_at);
  }
  const { first_started_at: first, last_finished_at: last } = totals;
  if (first && last) totals.duration_s = Math.max(0, (Date.parse(last) - Date.parse(first)) / 1000);
  return totals;
}
