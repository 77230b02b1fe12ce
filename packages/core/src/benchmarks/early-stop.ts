/**
 * Early stop, judged by the driver under the benchmark's row lock: once `min_runs` measured
 * runs have ended, and again every `stop_check_every` runs after that, each `stop_on` condition
 * is evaluated over the measured runs so far (the threshold language, docs/thresholds.md); the
 * first that holds stops the benchmark, cancelled, with the condition, what it saw and when in
 * settings.stop_condition. `until_ci_halfwidth` ends it instead as completed once the t-interval
 * of the metric's mean is at most that wide on each side. How far the last judgement got is kept
 * in settings.stop_checked_runs, so racing steps neither skip a judgement nor repeat one.
 */
import { tInterval } from '@tfbench/domain/statistics';
import {
  evaluateThreshold,
  metricValue,
  type RunSlo,
  type ThresholdRun,
  ThresholdSyntaxError,
} from '@tfbench/domain/thresholds';
import type { Executor } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import { countEndedMeasuredRuns } from '../repositories/benchmark-run-counts.js';
import { BENCHMARK_RUN_ERROR_CODES } from '../repositories/benchmark-runs-end.js';
import { selectBenchmarkThresholdRuns } from '../repositories/benchmark-summary.js';
import { updateBenchmarkIfStatus } from '../repositories/benchmarks.js';
import { selectDatabaseNow } from '../repositories/database-clock.js';
import type { PrecisionTarget } from './early-stop-settings.js';
import type { BenchmarkSettings } from './settings.js';
import { stopBenchmark } from './stop-benchmark.js';

/** The values of `metric` over completed runs, as the threshold language takes them. */
function metricValues(runs: readonly ThresholdRun[], metric: PrecisionTarget['metric']): number[] {
  const values: number[] = [];
  for (const run of runs) {
    if (run.status !== 'completed') continue;
    const value = metricValue(run, metric);
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
  }
  return values;
}

/** The first stop_on condition that holds over `runs`, or undefined. */
function firstHeldCondition(
  conditions: readonly string[],
  runs: readonly ThresholdRun[],
  slo: RunSlo | null,
) {
  for (const condition of conditions) {
    try {
      const result = evaluateThreshold(condition, { runs, slo });
      if (result.passed) return result;
    } catch (error) {
      // Checked at creation; one the language no longer parses never stops anything.
      if (!(error instanceof ThresholdSyntaxError)) throw error;
    }
  }
  return undefined;
}

/**
 * Judge a running (locked) benchmark's stop conditions if a judgement is due; returns the
 * benchmark when this stopped it (or recorded the judgement), undefined when nothing changed.
 */
export async function stopOnConditions(
  tx: Executor,
  benchmark: Benchmark,
  settings: BenchmarkSettings,
): Promise<Benchmark | undefined> {
  if (settings.stop_on.length === 0 && settings.until_ci_halfwidth === null) return undefined;
  if (benchmark.status !== 'running' || !benchmark.measurement_started_at) return undefined;
  if (typeof benchmark.settings.stop_reason === 'string') return undefined;
  const ended = await countEndedMeasuredRuns(tx, benchmark.id);
  const checked = Number(benchmark.settings.stop_checked_runs ?? 0);
  if (ended < settings.min_runs || (checked > 0 && ended < checked + settings.stop_check_every)) {
    return undefined;
  }
  const runs = await selectBenchmarkThresholdRuns(tx, benchmark.id);
  const at = (await selectDatabaseNow(tx)).toISOString();
  const held = firstHeldCondition(settings.stop_on, runs, settings.slo);
  if (held) {
    const observed = held.observed === null ? 'null' : String(Number(held.observed.toPrecision(6)));
    return stopBenchmark(tx, benchmark, {
      reason: `stop_on condition "${held.expression}" held (observed ${observed} over ${held.n} runs) after ${ended} measured runs had ended`,
      error_code: BENCHMARK_RUN_ERROR_CODES.stopConditionMet,
      status: 'cancelled',
      condition: { condition: held.expression, observed: held.observed, n: held.n, after_runs: ended, at },
    });
  }
  const target = settings.until_ci_halfwidth;
  const interval = target ? tInterval(metricValues(runs, target.metric), target.confidence) : null;
  if (target && interval?.halfwidth != null && interval.halfwidth <= target.halfwidth) {
    const halfwidth = Number(interval.halfwidth.toPrecision(4));
    return stopBenchmark(tx, benchmark, {
      reason: `the ${target.confidence * 100}% interval of mean ${target.metric} is ±${halfwidth}, within until_ci_halfwidth ±${target.halfwidth}, after ${ended} measured runs had ended`,
      error_code: BENCHMARK_RUN_ERROR_CODES.precisionReached,
      status: 'running',
      condition: {
        condition: `until_ci_halfwidth(${target.metric}) <= ${target.halfwidth}`,
        observed: interval.halfwidth,
        mean: interval.mean,
        n: interval.n,
        after_runs: ended,
        at,
      },
    });
  }
  return updateBenchmarkIfStatus(tx, benchmark.id, ['running'], {
    settings: { ...benchmark.settings, stop_checked_runs: ended },
  });
}
