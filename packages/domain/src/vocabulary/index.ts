/**
 * Words and bounds that the wire contract and the server both use: what a time series or a
 * histogram can show, and how large a dataset may be. This module imports nothing, so the
 * contract (which the browser loads and which may depend on zod alone) can share it with core
 * instead of keeping a copy that could drift.
 */

/**
 * Token figures of OpenAI-compatible runs, read from a run's `token_metrics` (docs/metrics.md
 * §10); runs without them (TinyFish) have no value and are left out of an aggregate. The
 * threshold language names them the same way.
 */
export const TOKEN_FIGURES = [
  'time_to_first_answer_token_ms',
  'tpot_ms',
  'output_tokens_per_s',
  'output_tokens',
  'input_tokens',
] as const;
export type TokenFigure = (typeof TOKEN_FIGURES)[number];

/** What a time series can show; token figures are read from raw runs whatever the range (the rollups keep no token sketches). */
export const TIMESERIES_METRICS = [
  'total',
  'ttft',
  'itl_mean',
  'success_rate',
  'throughput',
  'cost',
  ...TOKEN_FIGURES,
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

/** Bucket widths of a time series; `auto` picks one from the range. */
export const TIMESERIES_BUCKETS = ['auto', '1m', '5m', '1h', '1d'] as const;
export type TimeseriesBucket = (typeof TIMESERIES_BUCKETS)[number];

/** What a histogram can bin. */
export const HISTOGRAM_METRICS = ['total', 'ttft', 'itl_mean', 'cost', ...TOKEN_FIGURES] as const;
export type HistogramMetric = (typeof HISTOGRAM_METRICS)[number];

/** Bounds of a dataset. */
export const DATASET_LIMITS = {
  /** An uploaded file or JSON body, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxNameLength: 200,
  /** Fields of one row. */
  maxFields: 100,
  /** One JSONL line or CSV record, in characters. */
  maxLineLength: 1_000_000,
  /** Synthetic datasets: most prompt or output tokens of one row. */
  maxSyntheticTokens: 100_000,
} as const;

/** The formats an uploaded dataset file may have. */
export const DATASET_FILE_FORMATS = ['jsonl', 'csv', 'sharegpt'] as const;
export type DatasetFileFormat = (typeof DATASET_FILE_FORMATS)[number];

// A benchmark request's words and bounds: the API checks them, the contract documents them
// and the dashboard's forms offer them, all from here. Kept in this one file: the dashboard's
// bundler reads this TypeScript as it is and does not map the domain's `.js` import paths.

/**
 * How runs arrive. `closed`: exactly `concurrency` runs in flight, a new one starts when one
 * ends. `constant` and `poisson`: an open arrival process at `rate_per_s`, on a precomputed
 * schedule that does not wait for earlier runs (so queueing on our side cannot hide). `sweep`
 * and `search`: a series of closed and constant steps, each a benchmark of its own.
 */
export const BENCHMARK_ARRIVALS = ['closed', 'constant', 'poisson', 'sweep', 'search'] as const;
export type BenchmarkArrival = (typeof BENCHMARK_ARRIVALS)[number];

/** Longest threshold expression, in characters. */
export const MAX_THRESHOLD_LENGTH = 500;

/** Bounds of the request fields. */
export const BENCHMARK_LIMITS = {
  maxIterations: 100_000,
  maxWarmupRuns: 10_000,
  /** iterations + warmup_runs. */
  maxTotalRuns: 100_000,
  maxConcurrency: 1_000,
  /**
   * One arrival every 1000 s. A rate near zero puts arrivals past the year 9999 (PostgreSQL's
   * last timestamp), and the benchmark would never end.
   */
  minRatePerS: 0.001,
  maxRatePerS: 10_000,
  /** Shortest duration_s and timeout_s: below this no run can do anything. */
  minDurationS: 0.1,
  /** A week; also the longest an open arrival schedule (iterations / rate_per_s) may last. */
  maxDurationS: 7 * 24 * 3600,
  minTimeoutS: 0.1,
  /** A day. */
  maxTimeoutS: 24 * 3600,
  maxMaxLagS: 3600,
  maxThresholds: 50,
  maxThresholdLength: MAX_THRESHOLD_LENGTH,
  maxNameLength: 200,
  /** Seeds are 32-bit: the PRNG's state. */
  maxSeed: 4_294_967_295,
  /** Largest max_cost_usd; a cap is for protection, not a way to say "unlimited" (omit it). */
  maxCostUsd: 1_000_000,
} as const;

/** Bounds of a ramping profile's `stages`, beside BENCHMARK_LIMITS. */
export const STAGE_LIMITS = {
  maxStages: 100,
  minStageDurationS: 0.1,
  /** The whole profile: a week, as for duration_s. */
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

/** The bounds of a per-request SLO, each an upper bound in milliseconds. */
export const SLO_BOUNDS = ['ttft_ms', 'itl_ms', 'tpot_ms', 'total_ms'] as const;
/** Longest bound: a day, as the longest run timeout. */
export const MAX_SLO_MS = 24 * 3600 * 1000;

/** Bounds of a benchmark's early-stop fields. */
export const EARLY_STOP_LIMITS = {
  maxStopOn: 20,
  maxMinRuns: 100_000,
  maxStopCheckEvery: 10_000,
  minConfidence: 0.5,
  maxConfidence: 0.999,
} as const;
