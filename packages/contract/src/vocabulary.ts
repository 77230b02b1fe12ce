/**
 * The values the wire allows: every enumerated field and every documented bound. The contract
 * depends on nothing but zod and the import-free vocabulary of the domain: the lists shared
 * through that module are core's own; those stated here, the API's tests check against core's
 * (which the database's CHECK constraints are built from), so they cannot drift.
 */

export * from '@tfbench/domain/vocabulary';

/** Lifecycle of one run. `timeout` is distinct from `failed`: the run exceeded its time budget. */
export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

/** What started a run. */
export const RUN_TRIGGERS = ['manual', 'benchmark', 'schedule', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const BENCHMARK_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

/**
 * How a benchmark's runs arrive: a closed loop, open arrivals at a rate, or a series of steps
 * (a sweep between the synchronous and the throughput rate, a saturation search under an SLO).
 */
export const BENCHMARK_ARRIVALS = ['closed', 'constant', 'poisson', 'sweep', 'search'] as const;
export type BenchmarkArrival = (typeof BENCHMARK_ARRIVALS)[number];

export const BENCHMARK_VERDICTS = ['passed', 'failed', 'no_thresholds'] as const;
export type BenchmarkVerdict = (typeof BENCHMARK_VERDICTS)[number];

/** Bounds of a benchmark request's fields. */
export const BENCHMARK_LIMITS = {
  maxIterations: 100_000,
  maxWarmupRuns: 10_000,
  /** iterations + warmup_runs. */
  maxTotalRuns: 100_000,
  maxConcurrency: 1_000,
  minRatePerS: 0.001,
  maxRatePerS: 10_000,
  minDurationS: 0.1,
  /** A week. */
  maxDurationS: 7 * 24 * 3600,
  minTimeoutS: 0.1,
  /** A day. */
  maxTimeoutS: 24 * 3600,
  maxMaxLagS: 3600,
  maxThresholds: 50,
  maxThresholdLength: 500,
  maxNameLength: 200,
  /** Seeds are 32-bit. */
  maxSeed: 4_294_967_295,
  /** Largest max_cost_usd; a cap is for protection, not a way to say "unlimited" (omit it). */
  maxCostUsd: 1_000_000,
} as const;

/** Bounds of a benchmark's ramping `stages`. */
export const STAGE_LIMITS = {
  maxStages: 100,
  minStageDurationS: 0.1,
  /** The whole profile: a week. */
  maxTotalDurationS: 7 * 24 * 3600,
} as const;

/** Bounds of a sweep's and a search's fields. */
export const SERIES_LIMITS = {
  maxPoints: 50,
  minDurationSPerPoint: 1,
  maxDurationSPerPoint: 3600,
  maxProbes: 50,
  maxRunsPerProbe: 100_000,
  maxRatePerS: 10_000,
  maxConcurrency: 1_000,
} as const;

/** The bounds of a per-request SLO, each an upper bound in milliseconds, at most a day. */
export const SLO_BOUNDS = ['ttft_ms', 'itl_ms', 'tpot_ms', 'total_ms'] as const;
export const MAX_SLO_MS = 24 * 3600 * 1000;

/** Bounds of a benchmark's early-stop fields. */
export const EARLY_STOP_LIMITS = {
  maxStopOn: 20,
  maxMinRuns: 100_000,
  maxStopCheckEvery: 10_000,
  minConfidence: 0.5,
  maxConfidence: 0.999,
} as const;

/** Which provider executes an automation's runs. */
export const PROVIDERS = ['tinyfish', 'openai'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The run modes of every provider (TinyFish: sse, sync, async; OpenAI-compatible: stream, non_stream); each provider's config schema says which are its own. */
export const AUTOMATION_MODES = ['sse', 'sync', 'async', 'stream', 'non_stream'] as const;
export type AutomationMode = (typeof AUTOMATION_MODES)[number];

/** What one tick of a scenario's schedule starts: one run, or a benchmark. */
export const SCHEDULE_KINDS = ['run', 'benchmark'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** How many recent runs a schedule's cost estimate is priced from. */
export const COST_SAMPLE_RUNS = 50;

/** What raised an alert: a threshold breached over a rolling window, or a detected regression. */
export const ALERT_KINDS = ['threshold', 'regression'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Longest silence of an alert: 30 days. */
export const MAX_SILENCE_S = 30 * 24 * 3600;

/** Longest run search text. */
export const MAX_RUN_SEARCH_LENGTH = 200;

/** Kinds of live events. */
export const LIVE_EVENT_KINDS = ['run.status', 'run.event', 'benchmark.progress'] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

/** Formats of the streamed run export. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Account roles, strongest first; each may do what the weaker ones may. */
export const ROLES = ['admin', 'editor', 'runner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Password length bounds: long enough to resist guessing, short enough to hash cheaply. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
