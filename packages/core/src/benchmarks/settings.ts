/**
 * What a benchmark is asked to do, checked once at creation and stored in
 * `benchmarks.settings`. Everything that later drives the benchmark (the driver, the
 * admission of runs, the summary) reads these stored settings, never the request again.
 */
import type { JsonObject } from '@tfbench/domain/model';
import { BENCHMARK_ARRIVALS, BENCHMARK_LIMITS, type BenchmarkArrival } from '@tfbench/domain/vocabulary';
import { checkThresholdList } from '../services/check-rules.js';
import { checkJson, IssueList, isPlainObject } from '../services/checks.js';
import { collectDatasetRefIssues, type DatasetRef, toDatasetRef } from './dataset-inputs.js';
import {
  collectEarlyStopIssues,
  type EarlyStopRequest,
  type EarlyStopSettings,
  readEarlyStopSettings,
  toEarlyStopSettings,
} from './early-stop-settings.js';
import { type LoadStage, stagesDurationMs } from './load-profile.js';
import { checkBetween, checkWhole, isFiniteNumber, isWholeNumber } from './number-checks.js';
import {
  collectSeriesIssues,
  readSeriesFields,
  type SeriesFields,
  type SeriesRequest,
  toSeriesFields,
} from './series-settings.js';
import { collectSloIssues, collectSloUseIssues } from './slo-settings.js';
import { collectStageIssues, defaultStartTarget, plannedArrivals } from './stage-settings.js';

export { BENCHMARK_ARRIVALS, BENCHMARK_LIMITS, type BenchmarkArrival };

/** Where a benchmark came from. */
export type BenchmarkSource = 'api' | 'schedule';

/** Most repeats of one benchmark. */
export const BENCHMARK_REPEATS_MAX = 20;

/**
 * How long an open-arrival run may wait past its intended send time for a free concurrency
 * slot before it is dropped, unless the request says otherwise.
 */
export const DEFAULT_MAX_LAG_S = 5;

/** A benchmark's settings as stored (`benchmarks.settings`); wire names. */
export interface BenchmarkSettings extends EarlyStopSettings, SeriesFields {
  /** Measured runs. */
  iterations: number;
  /** Most runs in flight at once, across every worker process. */
  concurrency: number;
  arrival: BenchmarkArrival;
  /** Arrivals per second of the open arrival processes; null for closed. */
  rate_per_s: number | null;
  /** Runs executed before the measured ones and left out of the summary. */
  warmup_runs: number;
  /** The measured phase ends this many seconds after it began; runs not started by then are cancelled. */
  duration_s: number | null;
  /** Per-run time budget; overrides the scenario's run_settings.timeout_s. */
  timeout_s: number | null;
  /** Already merged into every run's inputs at creation; kept here for the record. */
  inputs_override: JsonObject | null;
  /** Threshold expressions evaluated at the end: the request's, else the scenario's. */
  thresholds: string[];
  /** Seed of the arrival schedule (open arrivals); drawn at random when not given. */
  seed: number;
  /** Open arrivals: a run not started within this many seconds of its intended time is dropped. */
  max_lag_s: number | null;
  /**
   * The built-in check `dropped_runs == 0` counts in the verdict (open arrivals; closed ones
   * drop nothing). Default true.
   */
  check_dropped_runs: boolean;
  /** Creation was refused (409) rather than warned when the live workers offered less concurrency. */
  strict_capacity: boolean;
  /** The benchmark stops (status cancelled, stop_reason set) once its runs have cost this much; null: no cap. */
  max_cost_usd: number | null;
  source: BenchmarkSource;
  /**
   * A ramping profile (load-profile.ts): the rate (open arrivals) or the runs in flight (closed)
   * move linearly from the previous target to each stage's; null for a steady load.
   */
  stages: LoadStage[] | null;
  /** Target when the first stage begins (0 per second open, 1 run closed by default); null without stages. */
  start_target: number | null;
  /** Runs take their inputs from this dataset's rows (`{{row.FIELD}}` templates); null: none. */
  dataset: DatasetRef | null;
  /** Times the benchmark is run, one after another, each with its own warm-up (default 1). */
  repeats: number;
  /** A later repeat: the id of the first benchmark of the series; null for the first. */
  repeat_of: number | null;
  /** Which repeat this is, from 1. */
  repeat_index: number;
  /** Why the benchmark stopped early, when something other than a cancel request stopped it. */
  stop_reason?: string;
}

/** The request to create a benchmark, as a caller (the API, the scheduler) gives it. */
export interface CreateBenchmarkInput extends EarlyStopRequest, Omit<SeriesRequest, 'arrival'> {
  scenario_id: number;
  name?: string | null;
  iterations: number;
  concurrency: number;
  arrival?: BenchmarkArrival;
  rate_per_s?: number | null;
  warmup_runs?: number;
  duration_s?: number | null;
  timeout_s?: number | null;
  inputs_override?: JsonObject | null;
  /** Omitted or null: the scenario's thresholds apply. */
  thresholds?: string[] | null;
  seed?: number | null;
  max_lag_s?: number | null;
  /** Default true: a benchmark that dropped arrivals fails its verdict. */
  check_dropped_runs?: boolean | null;
  /** Default false: concurrency above the live workers' capacity is a warning, not a 409. */
  strict_capacity?: boolean | null;
  /** Stop the benchmark once its runs have cost this many US dollars; omitted or null: no cap. */
  max_cost_usd?: number | null;
  /** A ramping profile; with it, open arrivals take no rate_per_s and lay out at most `iterations` arrivals. */
  stages?: LoadStage[] | null;
  start_target?: number | null;
  /** Run the benchmark this many times (1-20), each with a fresh warm-up; default 1. */
  repeats?: number | null;
  /** `{"id", "order"?, "seed"?}`: each run's inputs from one row of the dataset. */
  dataset?: unknown;
}

/**
 * Check a benchmark request; `toBenchmarkSettings` then turns it into the stored settings.
 * Every offending field is named in one ValidationError (400): for example `rate_per_s` is
 * required for constant and poisson arrivals and refused for closed ones, where it would mean
 * nothing, and a threshold that does not parse says where and what was expected.
 */
export function checkBenchmarkInput(input: CreateBenchmarkInput): void {
  const issues = new IssueList();
  collectBenchmarkIssues(input, issues);
  issues.throwIfAny();
}

/** The checks of checkBenchmarkInput, adding to `issues` (a scenario's run_settings reuse them). */
export function collectBenchmarkIssues(input: CreateBenchmarkInput, issues: IssueList): void {
  const arrival = input.arrival ?? 'closed';
  if (!(BENCHMARK_ARRIVALS as readonly string[]).includes(arrival)) {
    issues.add('arrival', `must be one of ${BENCHMARK_ARRIVALS.join(', ')}`);
  }
  if (input.name !== undefined && input.name !== null) {
    if (typeof input.name !== 'string') issues.add('name', 'must be a string');
    else if (input.name.length > BENCHMARK_LIMITS.maxNameLength) {
      issues.add('name', `must be at most ${BENCHMARK_LIMITS.maxNameLength} characters`);
    }
  }
  checkWhole('iterations', input.iterations, 1, BENCHMARK_LIMITS.maxIterations, issues, true);
  checkWhole('concurrency', input.concurrency, 1, BENCHMARK_LIMITS.maxConcurrency, issues, true);
  checkWhole('warmup_runs', input.warmup_runs, 0, BENCHMARK_LIMITS.maxWarmupRuns, issues, false);
  if (
    isWholeNumber(input.iterations) &&
    isWholeNumber(input.warmup_runs ?? 0) &&
    input.iterations + (input.warmup_runs ?? 0) > BENCHMARK_LIMITS.maxTotalRuns
  ) {
    issues.add('iterations', `iterations + warmup_runs must be at most ${BENCHMARK_LIMITS.maxTotalRuns}`);
  }
  const open = isOpenArrival(arrival as BenchmarkArrival);
  const series = isSeriesArrival(arrival as BenchmarkArrival);
  const staged = input.stages !== undefined && input.stages !== null;
  collectStageIssues({ ...input, arrival }, issues);
  if (open) {
    if (staged) {
      // The stages set the rate; collectStageIssues checked them and refused rate_per_s.
    } else if (input.rate_per_s === undefined || input.rate_per_s === null) {
      issues.add('rate_per_s', `is required for ${arrival} arrivals (runs started per second)`);
    } else {
      checkBetween(
        'rate_per_s',
        input.rate_per_s,
        BENCHMARK_LIMITS.minRatePerS,
        BENCHMARK_LIMITS.maxRatePerS,
        issues,
      );
      const rate = input.rate_per_s;
      if (
        isFiniteNumber(rate) &&
        rate >= BENCHMARK_LIMITS.minRatePerS &&
        isWholeNumber(input.iterations) &&
        input.iterations / rate > BENCHMARK_LIMITS.maxDurationS
      ) {
        issues.add(
          'rate_per_s',
          `must start the ${input.iterations} iterations within ${BENCHMARK_LIMITS.maxDurationS} s (a week): at least ${Math.ceil((input.iterations / BENCHMARK_LIMITS.maxDurationS) * 1000) / 1000} per second`,
        );
      }
    }
    if (input.max_lag_s !== undefined && input.max_lag_s !== null) {
      const lag = input.max_lag_s;
      if (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0 || lag > BENCHMARK_LIMITS.maxMaxLagS) {
        issues.add('max_lag_s', `must be a number from 0 to ${BENCHMARK_LIMITS.maxMaxLagS}`);
      }
    }
  } else {
    // Sweep and search refuse rate_per_s themselves (collectSeriesIssues).
    if (!series && input.rate_per_s !== undefined && input.rate_per_s !== null) {
      issues.add(
        'rate_per_s',
        'applies to constant and poisson arrivals only; closed arrival uses concurrency',
      );
    }
    if (input.max_lag_s !== undefined && input.max_lag_s !== null) {
      issues.add('max_lag_s', 'applies to constant and poisson arrivals only');
    }
  }
  checkBetween(
    'duration_s',
    input.duration_s,
    BENCHMARK_LIMITS.minDurationS,
    BENCHMARK_LIMITS.maxDurationS,
    issues,
  );
  checkBetween(
    'timeout_s',
    input.timeout_s,
    BENCHMARK_LIMITS.minTimeoutS,
    BENCHMARK_LIMITS.maxTimeoutS,
    issues,
  );
  checkWhole('seed', input.seed, 0, BENCHMARK_LIMITS.maxSeed, issues, false);
  if (input.max_cost_usd !== undefined && input.max_cost_usd !== null) {
    const cap = input.max_cost_usd;
    if (!isFiniteNumber(cap) || cap <= 0 || cap > BENCHMARK_LIMITS.maxCostUsd) {
      issues.add(
        'max_cost_usd',
        `must be a number of US dollars above 0 and at most ${BENCHMARK_LIMITS.maxCostUsd}`,
      );
    }
  }
  if (input.inputs_override !== undefined && input.inputs_override !== null) {
    if (!isPlainObject(input.inputs_override)) issues.add('inputs_override', 'must be a JSON object');
    else checkJson('inputs_override', input.inputs_override, issues, 'object');
  }
  checkThresholdList('thresholds', input.thresholds, issues, BENCHMARK_LIMITS.maxThresholds);
  collectEarlyStopIssues(input, issues);
  collectSloIssues(input.slo, issues);
  const hasSlo = input.slo !== undefined && input.slo !== null;
  collectSloUseIssues('thresholds', input.thresholds, hasSlo, issues);
  collectSloUseIssues('stop_on', input.stop_on, hasSlo, issues);
  collectSeriesIssues({ ...input, arrival }, issues);
  checkWhole('repeats', input.repeats, 1, BENCHMARK_REPEATS_MAX, issues, false);
  collectDatasetRefIssues('dataset', input.dataset, issues);
  for (const field of ['check_dropped_runs', 'strict_capacity'] as const) {
    const value = input[field];
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      issues.add(field, 'must be true or false');
    }
  }
}

/**
 * The stored settings of a checked request. `scenarioThresholds` apply when the request
 * gives none; `randomSeed` is used when it gives no seed.
 */
export function toBenchmarkSettings(
  input: CreateBenchmarkInput,
  scenarioThresholds: readonly string[],
  randomSeed: () => number,
  source: BenchmarkSource,
): BenchmarkSettings {
  const arrival = input.arrival ?? 'closed';
  const open = isOpenArrival(arrival);
  const stages = input.stages ?? null;
  const startTarget = stages ? defaultStartTarget({ arrival, start_target: input.start_target }) : null;
  const seed = input.seed ?? randomSeed();
  let iterations = input.iterations;
  let durationS = input.duration_s ?? null;
  if (stages && open) {
    // The profile decides how many arrivals there are; iterations caps them.
    iterations = plannedArrivals(arrival, stages, startTarget ?? 0, seed, input.iterations);
  } else if (stages) {
    // A closed profile ends with its last stage: what has not started by then never will.
    const profileS = stagesDurationMs(stages) / 1000;
    durationS = durationS === null ? profileS : Math.min(durationS, profileS);
  }
  return {
    iterations,
    concurrency: input.concurrency,
    arrival,
    rate_per_s: open ? (input.rate_per_s ?? null) : null,
    warmup_runs: input.warmup_runs ?? 0,
    duration_s: durationS,
    timeout_s: input.timeout_s ?? null,
    inputs_override: input.inputs_override ?? null,
    thresholds: [...(input.thresholds ?? scenarioThresholds)],
    seed,
    max_lag_s: open ? (input.max_lag_s ?? DEFAULT_MAX_LAG_S) : null,
    check_dropped_runs: input.check_dropped_runs ?? true,
    strict_capacity: input.strict_capacity ?? false,
    max_cost_usd: input.max_cost_usd ?? null,
    source,
    stages: stages ? stages.map((stage) => ({ duration_s: stage.duration_s, target: stage.target })) : null,
    start_target: startTarget,
    ...toEarlyStopSettings(input),
    dataset: toDatasetRef(input.dataset),
    repeats: input.repeats ?? 1,
    repeat_of: null,
    repeat_index: 1,
    ...toSeriesFields({ ...input, arrival }, input.concurrency, input.iterations),
    series_of: null,
    series_step: null,
  };
}

/** The settings of a stored benchmark, read back from its jsonb column. */
export function readBenchmarkSettings(settings: JsonObject): BenchmarkSettings {
  // Written only by toBenchmarkSettings, so the shape is known; defaults guard older rows.
  const s = settings as Partial<BenchmarkSettings>;
  return {
    iterations: s.iterations ?? 0,
    concurrency: s.concurrency ?? 1,
    arrival: s.arrival ?? 'closed',
    rate_per_s: s.rate_per_s ?? null,
    warmup_runs: s.warmup_runs ?? 0,
    duration_s: s.duration_s ?? null,
    timeout_s: s.timeout_s ?? null,
    inputs_override: s.inputs_override ?? null,
    thresholds: s.thresholds ?? [],
    seed: s.seed ?? 0,
    max_lag_s: s.max_lag_s ?? null,
    check_dropped_runs: s.check_dropped_runs ?? true,
    strict_capacity: s.strict_capacity ?? false,
    max_cost_usd: s.max_cost_usd ?? null,
    source: s.source ?? 'api',
    stages: s.stages ?? null,
    start_target: s.start_target ?? null,
    ...readEarlyStopSettings(s),
    dataset: s.dataset ?? null,
    repeats: s.repeats ?? 1,
    repeat_of: s.repeat_of ?? null,
    repeat_index: s.repeat_index ?? 1,
    ...readSeriesFields(s),
    ...(s.stop_reason === undefined ? {} : { stop_reason: s.stop_reason }),
  };
}

/** Constant and poisson: runs sent on a precomputed schedule. */
export function isOpenArrival(arrival: BenchmarkArrival): boolean {
  return arrival === 'constant' || arrival === 'poisson';
}

/** Sweep and search: a series of step benchmarks; the benchmark itself runs nothing. */
export function isSeriesArrival(arrival: BenchmarkArrival): arrival is 'sweep' | 'search' {
  return arrival === 'sweep' || arrival === 'search';
}
