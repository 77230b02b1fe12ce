/**
 * Wire schemas of benchmarks: the create request, the list filters, and a benchmark with its
 * counts, progress, summary and threshold results. Bounds come from BENCHMARK_LIMITS (equal to
 * core's), so the documented limits and the enforced ones are the same numbers; rules across
 * fields (rate_per_s with open arrivals only, threshold syntax) are core's and answer 400 naming
 * the field just the same.
 */
import { z } from 'zod';
import { benchmarkLoadFields, between, wholeNumber } from './benchmark-load.ts';
import { benchmarkSeriesFields, benchmarkSeriesSummaryFields } from './benchmark-series.ts';
import {
  bodyId,
  INT4_MAX,
  jsonObject,
  NAME_MAX,
  paginationQuery,
  queryInt,
  text,
  timestamp,
} from './common.ts';
import {
  BENCHMARK_ARRIVALS,
  BENCHMARK_LIMITS,
  BENCHMARK_STATUSES,
  BENCHMARK_VERDICTS,
  RUN_STATUSES,
} from './vocabulary.ts';

/** POST /api/v1/benchmarks */
export const benchmarkCreate = z
  .strictObject({
    scenario_id: bodyId('The scenario to benchmark.'),
    name: text({ min: 1, max: NAME_MAX }).nullable().optional().meta({ description: 'Human-readable name.' }),
    iterations: wholeNumber(1, BENCHMARK_LIMITS.maxIterations, 'Measured runs.'),
    concurrency: wholeNumber(
      1,
      BENCHMARK_LIMITS.maxConcurrency,
      'Most runs in flight at once, across all worker processes.',
    ),
    arrival: z
      .enum(BENCHMARK_ARRIVALS, { error: `must be one of ${BENCHMARK_ARRIVALS.join(', ')}` })
      .optional()
      .meta({
        description:
          'closed (default): keep `concurrency` runs in flight, a new one starts when one ends. ' +
          'constant / poisson: open arrivals at rate_per_s on a precomputed seeded schedule. ' +
          'sweep / search: a series of step benchmarks (see sweep, search and slo).',
      }),
    rate_per_s: between(
      BENCHMARK_LIMITS.minRatePerS,
      BENCHMARK_LIMITS.maxRatePerS,
      'Arrivals per second; required for constant and poisson. iterations / rate_per_s must be at most a week.',
    )
      .nullable()
      .optional(),
    warmup_runs: wholeNumber(
      0,
      BENCHMARK_LIMITS.maxWarmupRuns,
      'Runs before the measured ones, left out of the summary (default 0).',
    ).optional(),
    duration_s: between(
      BENCHMARK_LIMITS.minDurationS,
      BENCHMARK_LIMITS.maxDurationS,
      'The measured phase ends this many seconds after it began; runs not started by then are cancelled.',
    )
      .nullable()
      .optional(),
    timeout_s: between(
      BENCHMARK_LIMITS.minTimeoutS,
      BENCHMARK_LIMITS.maxTimeoutS,
      "Per-run deadline; overrides the scenario's run_settings.timeout_s.",
    )
      .nullable()
      .optional(),
    inputs_override: jsonObject("Inputs merged over the scenario's for every run (later wins, per key).")
      .nullable()
      .optional(),
    thresholds: z
      .array(text({ min: 1, max: BENCHMARK_LIMITS.maxThresholdLength }))
      .max(BENCHMARK_LIMITS.maxThresholds, `must have at most ${BENCHMARK_LIMITS.maxThresholds} items`)
      .nullable()
      .optional()
      .meta({
        description:
          'Threshold expressions evaluated when the benchmark ends, e.g. "p95(total_duration_ms) < 30000"; default the scenario\'s.',
      }),
    seed: wholeNumber(
      0,
      BENCHMARK_LIMITS.maxSeed,
      'Seed of the poisson arrival schedule (same seed, same schedule); random when omitted.',
    )
      .nullable()
      .optional(),
    max_lag_s: z
      .number()
      .min(0, `must be a number from 0 to ${BENCHMARK_LIMITS.maxMaxLagS}`)
      .max(BENCHMARK_LIMITS.maxMaxLagS, `must be a number from 0 to ${BENCHMARK_LIMITS.maxMaxLagS}`)
      .nullable()
      .optional()
      .meta({
        description:
          'Open arrivals: a run that gets no concurrency slot within this many seconds of its intended send time is dropped (default 5).',
      }),
    check_dropped_runs: z.boolean({ error: 'must be true or false' }).nullable().optional().meta({
      description:
        'Open arrivals: the built-in check "dropped_runs == 0" counts in the verdict, so a benchmark that dropped arrivals fails (default true).',
    }),
    strict_capacity: z.boolean({ error: 'must be true or false' }).nullable().optional().meta({
      description:
        "Refuse (409) rather than warn when concurrency exceeds the live workers' capacity (default false).",
    }),
    max_cost_usd: z
      .number()
      .gt(0, `must be a number of US dollars above 0 and at most ${BENCHMARK_LIMITS.maxCostUsd}`)
      .max(
        BENCHMARK_LIMITS.maxCostUsd,
        `must be a number of US dollars above 0 and at most ${BENCHMARK_LIMITS.maxCostUsd}`,
      )
      .nullable()
      .optional()
      .meta({
        description:
          'Spending cap: once the runs have cost this many US dollars the benchmark stops — status cancelled, stop_reason says why, runs not started end with BENCHMARK_COST_CAP_REACHED. Default: no cap.',
      }),
    ...benchmarkLoadFields,
    ...benchmarkSeriesFields,
  })
  .meta({ id: 'BenchmarkCreate' });

/** POST /api/v1/benchmarks/{id}/rerun: an optional body. */
export const benchmarkRerun = z
  .strictObject({
    name: text({ min: 1, max: NAME_MAX })
      .nullable()
      .optional()
      .meta({ description: "The new benchmark's name; default the original's." }),
  })
  .meta({ id: 'BenchmarkRerun' });

/** GET /api/v1/benchmarks */
export const benchmarkListQuery = z.object({
  ...paginationQuery,
  scenario_id: queryInt(1, INT4_MAX, 'Only the benchmarks of this scenario.').optional(),
  status: z
    .enum(BENCHMARK_STATUSES, { error: `must be one of ${BENCHMARK_STATUSES.join(', ')}` })
    .optional()
    .meta({ description: 'Only benchmarks in this status.' }),
});

const figure = z.number().nullable();

const distribution = (what: string) =>
  z
    .object({
      count: z.number().int(),
      mean: figure,
      min: figure,
      p50: figure,
      p90: figure,
      p95: figure,
      p99: figure,
      max: figure,
    })
    .meta({ description: `${what} (ms); figures null when count is 0.` });

const rate = (what: string) =>
  z
    .object({
      estimate: figure.meta({ description: 'successes / n, 0 to 1; null when n is 0.' }),
      lower: z.number().meta({ description: 'Lower bound of the 95 % Wilson score interval.' }),
      upper: z.number().meta({ description: 'Upper bound of the 95 % Wilson score interval.' }),
      successes: z.number().int(),
      n: z.number().int(),
      confidence: z.number(),
    })
    .meta({ description: what });

/** The figures over a benchmark's measured runs (warm-ups excluded). */
export const benchmarkSummary = z
  .object({
    measured_runs: z.number().int(),
    outcome_runs: z.number().int().meta({ description: 'Measured runs completed, failed or timed out.' }),
    completed_runs: z.number().int(),
    total_duration_ms: distribution('Total time of completed runs'),
    ttft_ms: distribution('Time to the first PROGRESS event of completed runs'),
    itl_ms: distribution("Each completed run's mean inter-token (inter-event) gap"),
    latency_from_intended_ms: distribution(
      'Open arrivals: finish minus intended send time of completed runs (coordinated-omission-free latency)',
    ).nullable(),
    success_rate: rate(
      'completed_runs / outcome_runs with its 95 % Wilson interval: over the runs sent, not the runs planned.',
    ).extend({
      denominator: z
        .literal('runs_sent')
        .meta({ description: 'n counts the runs sent that reached an outcome.' }),
      runs_planned: z.number().int().meta({ description: 'Measured runs planned (measured_runs).' }),
    }),
    goal_success_rate: rate('Completed runs whose assertions passed / outcome_runs.').extend({
      evaluated_runs: z
        .number()
        .int()
        .meta({ description: 'Runs with an outcome whose assertions were evaluated.' }),
    }),
    runs_per_minute: figure.meta({
      description: 'Outcomes per minute from the first start to the last finish.',
    }),
    errors: z
      .array(z.object({ error_code: z.string(), count: z.number().int() }))
      .meta({ description: 'Failed and timed-out runs by error_code, most frequent first.' }),
    cost_usd: figure,
    cost_per_successful_run_usd: figure,
    schedule: z
      .object({
        lag_ms: distribution('Actual minus intended start'),
        dropped_runs: z
          .number()
          .int()
          .meta({ description: 'Arrivals dropped for want of a concurrency slot.' }),
      })
      .nullable()
      .meta({ description: 'Open arrivals only.' }),
    first_started_at: z.string().nullable(),
    last_finished_at: z.string().nullable(),
    repeats: z
      .object({
        requested: z.number().int(),
        finished: z
          .number()
          .int()
          .meta({ description: 'Repeats finished so far; the figures are over these.' }),
        benchmark_ids: z
          .array(z.number().int())
          .meta({ description: 'The benchmarks of the repeats, first to last.' }),
        confidence: z.number(),
        metrics: z
          .record(
            z.string(),
            z.object({
              mean: z.number(),
              halfwidth: figure,
              lower: figure,
              upper: figure,
              n: z.number().int(),
              stddev: figure,
            }),
          )
          .meta({
            description:
              'Every figure of the repeats\' summaries by path (e.g. "total_duration_ms.p95"): mean across the repeats, Student-t interval (null below 2 repeats).',
          }),
      })
      .optional()
      .meta({ description: 'A benchmark created with repeats > 1 (on the first of the series only).' }),
    tokens: z
      .object({
        runs: z.number().int().meta({ description: 'Completed runs with token figures.' }),
        output_tokens_total: figure.meta({ description: 'Σ output tokens of completed runs.' }),
        output_tokens_per_s: figure.meta({
          description: 'Output-token throughput: Σ output tokens / (last finish − first start).',
        }),
        requests_per_s: figure.meta({ description: 'Completed runs / (last finish − first start).' }),
        tpot_ms: distribution('Per completed run: (last token − first token) / (output tokens − 1)'),
        output_tokens_per_s_per_request: distribution(
          'Per completed run: its output speed (tokens/s, not ms)',
        ),
        output_tokens: distribution('Per completed run: output tokens (count, not ms)'),
        input_tokens: distribution('Per completed run: input tokens (count, not ms)'),
        time_to_first_answer_token_ms: distribution('Per completed run: time to the first answer token'),
      })
      .nullable()
      .optional()
      .meta({
        description: 'Token figures of OpenAI-compatible runs (docs/metrics.md §10); null without any.',
      }),
    ...benchmarkSeriesSummaryFields,
  })
  .meta({ id: 'BenchmarkSummary' });

const runCounts = z
  .object(
    Object.fromEntries(RUN_STATUSES.map((status) => [status, z.number().int()])) as Record<
      (typeof RUN_STATUSES)[number],
      z.ZodNumber
    >,
  )
  .meta({ description: 'All runs per status, warm-ups included.' });

/** A benchmark as the API returns it. */
export const benchmark = z
  .object({
    id: z.number().int(),
    scenario_id: z.number().int(),
    name: z.string().nullable(),
    settings: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The request, completed with defaults.' }),
    status: z.enum(BENCHMARK_STATUSES),
    counts: runCounts,
    progress: z.object({
      total: z.number().int(),
      done: z.number().int(),
      fraction: z.number(),
      warmup: z.object({ total: z.number().int(), done: z.number().int() }),
      measured: z
        .object({ total: z.number().int(), done: z.number().int() })
        .meta({ description: 'The measured runs alone (warm-ups excluded): what iterations asked for.' }),
    }),
    summary: benchmarkSummary
      .nullable()
      .meta({ description: 'Live while the benchmark runs (null in lists until it finished).' }),
    threshold_results: z
      .array(
        z.object({
          expression: z.string(),
          observed: figure,
          passed: z.boolean(),
          n: z.number().int(),
          error: z.string().optional(),
          built_in: z
            .literal(true)
            .optional()
            .meta({ description: 'A check tfbench adds itself, such as "dropped_runs == 0".' }),
        }),
      )
      .nullable()
      .meta({ description: 'Set when the benchmark finished.' }),
    verdict: z.enum(BENCHMARK_VERDICTS).nullable().meta({
      description:
        'failed when a threshold or built-in check failed, passed when all held, no_thresholds when nothing was checked; null until the benchmark finished.',
    }),
    stop_reason: z.string().nullable().meta({
      description:
        'Why the benchmark stopped early (its max_cost_usd was reached, a stop_on condition held, until_ci_halfwidth was met); null otherwise.',
    }),
    started_at: timestamp.nullable(),
    measurement_started_at: timestamp.nullable().meta({ description: 'When the warm-ups had ended.' }),
    finished_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Benchmark' });

/** Why a created benchmark may not get what it asked for. */
export const capacityWarning = z
  .object({
    code: z.literal('CAPACITY_EXCEEDED'),
    message: z.string(),
    requested: z.number().int().meta({ description: "The benchmark's concurrency." }),
    capacity: z.number().int().meta({ description: 'Runs all live workers execute at once.' }),
    workers: z.number().int().meta({ description: 'Live workers.' }),
  })
  .meta({ id: 'CapacityWarning' });

/** POST /api/v1/benchmarks answers the benchmark plus its warnings. */
export const createdBenchmark = benchmark
  .extend({
    warnings: z
      .array(capacityWarning)
      .meta({ description: "E.g. concurrency above the live workers' capacity; empty when none." }),
  })
  .meta({ id: 'CreatedBenchmark' });

/** GET /api/v1/benchmarks/capacity */
export const workerCapacity = z
  .object({
    concurrency: z.number().int().meta({ description: 'Runs all live workers execute at once.' }),
    workers: z.number().int().meta({ description: 'Live workers (beat within the run lock duration).' }),
    max_concurrency: z
      .number()
      .int()
      .meta({ description: 'The most concurrency one benchmark may ask for.' }),
  })
  .meta({ id: 'WorkerCapacity' });

/** A benchmark as the API returns it. */
export type Benchmark = z.output<typeof benchmark>;
/** The figures over a benchmark's measured runs. */
export type BenchmarkSummary = z.output<typeof benchmarkSummary>;
/** The outcome of one threshold expression over a benchmark's runs. */
export type ThresholdResult = NonNullable<Benchmark['threshold_results']>[number];
/** The body of POST /api/v1/benchmarks. */
export type BenchmarkCreate = z.input<typeof benchmarkCreate>;
/** The optional body of POST /api/v1/benchmarks/{id}/rerun. */
export type BenchmarkRerun = z.input<typeof benchmarkRerun>;
/** The filters of GET /api/v1/benchmarks, as the API reads them. */
export type BenchmarkListQuery = z.output<typeof benchmarkListQuery>;
/** What POST /api/v1/benchmarks answers: the benchmark and its warnings. */
export type CreatedBenchmark = z.output<typeof createdBenchmark>;
export type CapacityWarning = z.output<typeof capacityWarning>;
export type WorkerCapacity = z.output<typeof workerCapacity>;
