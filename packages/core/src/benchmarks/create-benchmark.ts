import { randomInt } from 'node:crypto';
import { NotFoundError, ValidationError } from '@tfbench/domain/errors';
import type { RunTrigger } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Automation, Benchmark, Scenario } from '../db/schema.js';
import type { JobQueue, Logger } from '../queue/index.js';
import { insertBenchmarkRuns, insertBenchmarkRunsWithInputs } from '../repositories/benchmark-runs-create.js';
import { insertBenchmark } from '../repositories/benchmarks.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { checkThresholdList } from '../services/check-rules.js';
import { IssueList, requireExistingId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { resolveRunInputs } from '../services/trigger-run.js';
import {
  CapacityExceededError,
  type CapacityWarning,
  capacityWarning,
  liveWorkerCapacity,
} from './capacity.js';
import { datasetRunInputs } from './dataset-runs.js';
import { type BenchmarkView, getBenchmark } from './get-benchmark.js';
import type { SeriesStep } from './series-settings.js';
import {
  BENCHMARK_LIMITS,
  type BenchmarkSettings,
  type BenchmarkSource,
  type CreateBenchmarkInput,
  checkBenchmarkInput,
  isSeriesArrival,
  toBenchmarkSettings,
} from './settings.js';

/** A 32-bit seed for the arrival schedule when the request gives none. */
function randomSeed(): number {
  return randomInt(0, BENCHMARK_LIMITS.maxSeed + 1);
}

/**
 * Insert a benchmark and all its runs (warm-ups first, flagged is_warmup), every run
 * `pending` with the resolved inputs of the scenario plus `inputs_override`. Call inside a
 * transaction (the scheduler does, together with claiming its tick).
 */
export async function insertBenchmarkWithRuns(
  tx: Executor,
  found: { scenario: Scenario; automation: Automation },
  input: CreateBenchmarkInput,
  options: {
    source: BenchmarkSource;
    trigger: RunTrigger;
    /** A later repeat of a repeated benchmark: the first one's id and this one's number (2..). */
    repeat?: { of: number; index: number };
    /** A step of a sweep or a search: the series' benchmark and what this step runs. */
    series?: { of: number; step: SeriesStep };
  },
): Promise<{ benchmark: Benchmark; settings: BenchmarkSettings }> {
  // A scenario may name the dataset its benchmarks take rows from in run_settings.dataset.
  const dataset = input.dataset ?? found.scenario.run_settings?.dataset;
  // And the SLO its benchmarks judge runs by, in run_settings.slo.
  const slo = input.slo ?? found.scenario.run_settings?.slo;
  const settings = toBenchmarkSettings(
    { ...input, dataset, slo },
    found.scenario.thresholds,
    randomSeed,
    options.source,
  );
  if (options.repeat) {
    settings.repeat_of = options.repeat.of;
    settings.repeat_index = options.repeat.index;
  }
  if (options.series) {
    settings.series_of = options.series.of;
    settings.series_step = options.series.step;
  }
  const benchmark = await insertBenchmark(tx, {
    scenario_id: found.scenario.id,
    name: input.name ?? null,
    settings: { ...settings },
    status: 'pending',
  });
  const inputs = resolveRunInputs(
    found.automation.default_inputs,
    found.scenario.inputs_template,
    settings.inputs_override,
  );
  const base = {
    benchmark_id: benchmark.id,
    scenario_id: found.scenario.id,
    trigger: options.trigger,
    warmup_runs: settings.warmup_runs,
  };
  const total = settings.warmup_runs + settings.iterations;
  // A sweep or a search runs nothing itself: each of its steps is a benchmark (series.ts).
  if (isSeriesArrival(settings.arrival)) return { benchmark, settings };
  if (settings.dataset) {
    await insertBenchmarkRunsWithInputs(
      tx,
      base,
      await datasetRunInputs(tx, settings.dataset, inputs, total),
    );
  } else {
    await insertBenchmarkRuns(tx, { ...base, total_runs: total, inputs });
  }
  return { benchmark, settings };
}

export interface CreateBenchmarkDeps extends CoreDeps {
  /** When given, the benchmark.drive job is enqueued here after the commit. */
  queue?: Pick<JobQueue, 'enqueue'>;
  logger?: Logger;
  /** A worker silent this long offers no capacity (the run lock duration); default 30 s. */
  workerStaleAfterMs?: number;
  /** The most iterations the caller may start (its role's cap); none when absent. */
  maxIterations?: { limit: number; role: string };
}

/** The created benchmark, with what the caller should know before trusting its figures. */
export interface CreatedBenchmark extends BenchmarkView {
  /** E.g. concurrency above the live workers' capacity; empty when none. */
  warnings: CapacityWarning[];
}

/**
 * Create a benchmark of a scenario: the benchmark row and all its runs (`iterations` measured
 * plus `warmup_runs` warm-ups, trigger `benchmark`) in one transaction, then enqueue its driver.
 * If that enqueue fails the benchmark is still stored, `pending`, and the supervisor of the
 * scheduler loop starts it. ValidationError (400) naming every bad field; NotFoundError (404,
 * field `scenario_id`) for an unknown scenario. A concurrency above the live workers'
 * capacity is a warning in the result, or with `strict_capacity` a CapacityExceededError
 * (409) before anything is stored.
 *
 * @example
 * const benchmark = await createBenchmark({ db, queue }, {
 *   scenario_id: 1, iterations: 100, concurrency: 5, arrival: 'closed', warmup_runs: 2,
 *   thresholds: ['p95(total_duration_ms) < 30000', 'success_rate >= 0.95'],
 * });
 */
export async function createBenchmark(
  deps: CreateBenchmarkDeps,
  input: CreateBenchmarkInput,
): Promise<CreatedBenchmark> {
  checkBenchmarkInput(input);
  const cap = deps.maxIterations;
  if (cap && input.iterations > cap.limit) {
    throw new ValidationError([
      { field: 'iterations', message: `must be at most ${cap.limit} for the ${cap.role} role` },
    ]);
  }
  const scenarioId = requireExistingId('scenario', input.scenario_id, 'scenario_id');
  const warning = capacityWarning(
    input.concurrency,
    await liveWorkerCapacity(deps.db.db, deps.workerStaleAfterMs),
  );
  if (warning && input.strict_capacity) throw new CapacityExceededError(warning);
  const notFound = (cause?: unknown) =>
    new NotFoundError('scenario', scenarioId, { field: 'scenario_id', ...(cause ? { cause } : {}) });
  let benchmark: Benchmark;
  try {
    ({ benchmark } = await deps.db.db.transaction(async (tx) => {
      const found = await selectScenarioWithAutomation(tx, scenarioId);
      if (!found) throw notFound();
      if (input.thresholds === undefined || input.thresholds === null) {
        checkInheritedThresholds(found.scenario.thresholds);
      }
      return insertBenchmarkWithRuns(tx, found, input, { source: 'api', trigger: 'benchmark' });
    }));
  } catch (error) {
    // The scenario was deleted between the read and the insert.
    if (isForeignKeyError(error)) throw notFound(error);
    throw error;
  }
  if (deps.queue) {
    try {
      await deps.queue.enqueue('benchmark.drive', { benchmark_id: benchmark.id });
    } catch (error) {
      deps.logger?.warn({ benchmark_id: benchmark.id, err: error }, 'could not enqueue benchmark.drive');
    }
  }
  return { ...(await getBenchmark(deps, benchmark.id)), warnings: warning ? [warning] : [] };
}

/**
 * A benchmark without thresholds of its own takes the scenario's. Ones stored before the
 * scenario checked them may not parse; refuse now rather than fail the benchmark at its end.
 */
function checkInheritedThresholds(thresholds: readonly string[]): void {
  const found = new IssueList();
  checkThresholdList('thresholds', thresholds, found, Number.POSITIVE_INFINITY);
  const issues = new IssueList();
  for (const issue of found.issues) {
    issues.add(
      'thresholds',
      `the scenario's ${issue.field.replace('thresholds.', 'threshold ')} cannot be evaluated (${issue.message}); fix it on the scenario, or give this benchmark its own thresholds`,
    );
  }
  issues.throwIfAny();
}
