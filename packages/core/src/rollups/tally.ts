/**
 * RunTally: what analytics know about a set of runs without keeping the runs — counts by
 * status, goal verdicts, errors by code, and a DDSketch of each latency-like figure of the
 * completed runs. One tally is a rollup row; merging tallies is merging rows; adding a run is
 * what the engine's hook does. Every figure follows docs/metrics.md: latencies and cost come
 * from completed runs only, failures are counted, never averaged in.
 */
import { DDSketch, type DDSketchJson } from '@tfbench/domain/statistics';
import { runGoalVerdict } from '@tfbench/domain/thresholds';
import type { TallyRun } from '../repositories/run-rollups.js';

export type { TallyRun };

/** The figures kept as sketches, by the name of their rollup column prefix. */
export const SKETCHED_FIGURES = ['total', 'ttft', 'itl', 'cost'] as const;
export type SketchedFigure = (typeof SKETCHED_FIGURES)[number];

/** Error code of a failed or timed-out run that recorded none. */
export const UNKNOWN_ERROR_CODE = 'UNKNOWN';

/** The stored counts and sketches of one rollup row (the `run_rollups` columns). */
export interface TallyRow {
  completed_runs: number;
  failed_runs: number;
  timeout_runs: number;
  cancelled_runs: number;
  goal_verdicts: number;
  goal_successes: number;
  errors: Record<string, number>;
  total_sketch?: unknown;
  ttft_sketch?: unknown;
  itl_sketch?: unknown;
  cost_sketch?: unknown;
}

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export class RunTally {
  completed = 0;
  failed = 0;
  timeout = 0;
  cancelled = 0;
  /** Runs without an outcome yet; only raw rows bring these (rollups hold finished runs). */
  pending = 0;
  running = 0;
  /** Runs with an outcome and a goal verdict, and those whose goal was met. */
  goalVerdicts = 0;
  goalSuccesses = 0;
  readonly errors = new Map<string, number>();
  readonly sketches: Record<SketchedFigure, DDSketch> = {
    total: new DDSketch(),
    ttft: new DDSketch(),
    itl: new DDSketch(),
    cost: new DDSketch(),
  };

  /** Runs with an outcome: completed, failed or timeout. */
  get outcomes(): number {
    return this.completed + this.failed + this.timeout;
  }

  /** Every run counted, in any status. */
  get runs(): number {
    return this.outcomes + this.cancelled + this.pending + this.running;
  }

  /** True when no run was counted. */
  get isEmpty(): boolean {
    return this.runs === 0;
  }

  add(run: TallyRun): this {
    switch (run.status) {
      case 'completed':
        this.completed++;
        if (finite(run.total_duration_ms)) this.sketches.total.add(run.total_duration_ms);
        if (finite(run.ttft_ms)) this.sketches.ttft.add(run.ttft_ms);
        if (finite(run.itl_mean)) this.sketches.itl.add(run.itl_mean);
        if (finite(run.cost_usd)) this.sketches.cost.add(run.cost_usd);
        break;
      case 'failed':
      case 'timeout': {
        if (run.status === 'failed') this.failed++;
        else this.timeout++;
        const code = run.error_code ?? UNKNOWN_ERROR_CODE;
        this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
        break;
      }
      case 'cancelled':
        this.cancelled++;
        return this;
      case 'pending':
        this.pending++;
        return this;
      case 'running':
        this.running++;
        return this;
    }
    const verdict = runGoalVerdict({ status: run.status, assertions_passed: run.assertions_passed });
    if (verdict !== null) {
      this.goalVerdicts++;
      if (verdict) this.goalSuccesses++;
    }
    return this;
  }

  merge(other: RunTally): this {
    this.completed += other.completed;
    this.failed += other.failed;
    this.timeout += other.timeout;
    this.cancelled += other.cancelled;
    this.pending += other.pending;
    this.running += other.running;
    this.goalVerdicts += other.goalVerdicts;
    this.goalSuccesses += other.goalSuccesses;
    for (const [code, count] of other.errors) this.errors.set(code, (this.errors.get(code) ?? 0) + count);
    for (const figure of SKETCHED_FIGURES) this.sketches[figure].merge(other.sketches[figure]);
    return this;
  }

  /** Adds a stored rollup row; sketch columns that were not selected are simply absent. */
  addRow(row: Partial<TallyRow>): this {
    this.completed += row.completed_runs ?? 0;
    this.failed += row.failed_runs ?? 0;
    this.timeout += row.timeout_runs ?? 0;
    this.cancelled += row.cancelled_runs ?? 0;
    this.goalVerdicts += row.goal_verdicts ?? 0;
    this.goalSuccesses += row.goal_successes ?? 0;
    for (const [code, count] of Object.entries(row.errors ?? {})) {
      this.errors.set(code, (this.errors.get(code) ?? 0) + count);
    }
    for (const figure of SKETCHED_FIGURES) {
      const stored = row[`${figure}_sketch`];
      if (stored === null || stored === undefined) continue;
      const sketch = DDSketch.fromJSON(stored);
      // Reading many rows, most sketches start empty: take the parsed one instead of merging.
      if (this.sketches[figure].count === 0) this.sketches[figure] = sketch;
      else this.sketches[figure].merge(sketch);
    }
    return this;
  }

  /** The row to store; empty sketches are stored as null. */
  toRow(): TallyRow {
    const sketch = (figure: SketchedFigure): DDSketchJson | null =>
      this.sketches[figure].count === 0 ? null : this.sketches[figure].toJSON();
    return {
      completed_runs: this.completed,
      failed_runs: this.failed,
      timeout_runs: this.timeout,
      cancelled_runs: this.cancelled,
      goal_verdicts: this.goalVerdicts,
      goal_successes: this.goalSuccesses,
      errors: Object.fromEntries(this.errors),
      total_sketch: sketch('total'),
      ttft_sketch: sketch('ttft'),
      itl_sketch: sketch('itl'),
      cost_sketch: sketch('cost'),
    };
  }

  /** Failed and timed-out runs by error code, most frequent first (ties by code). */
  errorBreakdown(): Array<{ error_code: string; count: number }> {
    return [...this.errors]
      .map(([error_code, count]) => ({ error_code, count }))
      .sort((x, y) => y.count - x.count || x.error_code.localeCompare(y.error_code));
  }
}
