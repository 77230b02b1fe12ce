/**
 * A benchmark request's words and bounds: the API checks them, the contract documents them and
 * the dashboard's forms offer them, all from this one place.
 */

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
