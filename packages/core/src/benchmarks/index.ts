/**
 * `@tfbench/core/benchmarks`: N runs of a scenario at a concurrency (closed arrival) or an
 * arrival rate (constant, poisson), with warm-ups, a duration bound, a summary and thresholds.
 *
 * The engine's part: register `driveBenchmark` as the `benchmark.drive` handler, call
 * `admitBenchmarkRun` before claiming a run and `onRunFinished` after every terminal
 * transition. The API's part: createBenchmark, getBenchmark, listBenchmarks, cancelBenchmark.
 */

export { BENCHMARK_RUN_ERROR_CODES } from '../repositories/benchmark-runs-end.js';
export {
  type Admission,
  type Admitted,
  admissionAfterClaim,
  admissionIgnoresRunRow,
  admitBenchmarkRun,
  benchmarkSlotKey,
  EARLY_SLOT_LEAD_MS,
  type NotAdmitted,
  SLOT_LEAD_MS,
} from './admit-run.js';
export {
  advanceBenchmark,
  DISPATCH_AHEAD_MS,
  SCHEDULE_LEAD_MS,
  type StepTrigger,
  settleBenchmark,
} from './advance.js';
export { type BenchmarkRunHooks, benchmarkRunHooks } from './after-run.js';
export { type ArrivalScheduleOptions, arrivalOffsetsMs } from './arrival-schedule.js';
export { getBenchmarkRowResults } from './benchmark-row-results.js';
export { type CancelBenchmarkDeps, cancelBenchmark } from './cancel-benchmark.js';
export {
  CapacityExceededError,
  type CapacityWarning,
  capacityWarning,
  DEFAULT_WORKER_STALE_AFTER_MS,
  liveWorkerCapacity,
  type WorkerCapacity,
} from './capacity.js';
export {
  type CreateBenchmarkDeps,
  type CreatedBenchmark,
  createBenchmark,
  insertBenchmarkWithRuns,
} from './create-benchmark.js';
export {
  applyRowTemplates,
  DATASET_ORDERS,
  type DatasetOrder,
  type DatasetRef,
  rowIndexes,
  templateFields,
} from './dataset-inputs.js';
export type { BenchmarkDeps } from './deps.js';
export { driveBenchmark } from './drive-benchmark.js';
export {
  EARLY_STOP_DEFAULTS,
  EARLY_STOP_LIMITS,
  type EarlyStopSettings,
  type PrecisionTarget,
} from './early-stop-settings.js';
export { EndedRuns, replacesRunsAtRequestEnd } from './ended-runs.js';
export { type BenchmarkView, getBenchmark } from './get-benchmark.js';
export { type ListBenchmarksParams, listBenchmarks } from './list-benchmarks.js';
export {
  type ConcurrencyStep,
  concurrencyTargetAt,
  concurrencyTimeline,
  type LoadStage,
  nextConcurrencyStep,
  type RampedArrivalOptions,
  rampedArrivalOffsetsMs,
  rampedTargetAt,
  stagesDurationMs,
} from './load-profile.js';
export { onRunFinished } from './on-run-finished.js';
export {
  type BenchmarkCounts,
  type BenchmarkProgress,
  countBenchmarkRuns,
  PROGRESS_INTERVAL_MS,
  publishBenchmarkProgress,
  type RunCounts,
} from './progress.js';
export { type RepeatsSummary, summarizeRepeats } from './repeat-summary.js';
export { rerunBenchmark, rerunInputOf } from './rerun-benchmark.js';
export { RunHandOver, type RunTaker } from './run-hand-over.js';
export { SERIES_LIMITS } from './series-settings.js';
export {
  BENCHMARK_ARRIVALS,
  BENCHMARK_LIMITS,
  BENCHMARK_REPEATS_MAX,
  type BenchmarkArrival,
  type BenchmarkSettings,
  type BenchmarkSource,
  type CreateBenchmarkInput,
  checkBenchmarkInput,
  DEFAULT_MAX_LAG_S,
  isOpenArrival,
  isSeriesArrival,
  readBenchmarkSettings,
} from './settings.js';
export { MAX_SLO_MS } from './slo-settings.js';
export { SoleWorkerCheck } from './sole-worker.js';
export { STAGE_LIMITS } from './stage-settings.js';
export { type BenchmarkSummary, computeBenchmarkSummary, type RateWithInterval } from './summary.js';
export { SUPERVISE_MIN_PENDING_AGE_MS, superviseBenchmarks } from './supervise-benchmarks.js';
export { type BenchmarkThresholdResult, evaluateBenchmarkThresholds } from './thresholds.js';
export {
  BENCHMARK_VERDICTS,
  type BenchmarkVerdict,
  benchmarkVerdict,
  builtInChecks,
  DROPPED_RUNS_CHECK,
} from './verdict.js';
