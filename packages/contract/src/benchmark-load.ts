/**
 * Wire schemas of the load options of a benchmark request: ramping stages, early stop, repeats
 * and a dataset; and the per-row results of a dataset benchmark. Kept beside benchmarks.ts so
 * each file stays one concern; benchmarkCreate spreads these fields in.
 */
import { z } from 'zod';
import { text } from './common.ts';
import { BENCHMARK_LIMITS, EARLY_STOP_LIMITS, STAGE_LIMITS } from './vocabulary.ts';

const figure = z.number().nullable();

/** A whole-number field with its bounds in the message. */
export const wholeNumber = (min: number, max: number, description: string) =>
  z
    .number()
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .int(`must be a whole number from ${min} to ${max}`)
    .meta({ description });

/** A number field with its bounds in the message. */
export const between = (min: number, max: number, description: string) =>
  z
    .number()
    .min(min, `must be a number from ${min} to ${max}`)
    .max(max, `must be a number from ${min} to ${max}`)
    .meta({ description });

/** One stage of a ramping profile. */
export const loadStage = z
  .strictObject({
    duration_s: between(
      STAGE_LIMITS.minStageDurationS,
      STAGE_LIMITS.maxTotalDurationS,
      'Seconds over which the target moves linearly from the previous target to this one.',
    ),
    target: z.number().min(0, 'must be a number from 0').meta({
      description:
        'Arrivals per second (constant, poisson) or runs in flight (closed, a whole number up to concurrency) at the end of the stage.',
    }),
  })
  .meta({ id: 'LoadStage' });

/** The load options of POST /api/v1/benchmarks. */
export const benchmarkLoadFields = {
  stages: z
    .array(loadStage)
    .min(1, `must be a list of 1 to ${STAGE_LIMITS.maxStages} stages`)
    .max(STAGE_LIMITS.maxStages, `must be a list of 1 to ${STAGE_LIMITS.maxStages} stages`)
    .nullable()
    .optional()
    .meta({
      description:
        "A ramping load profile (k6's ramping-arrival-rate for constant/poisson, ramping-vus for closed). Open arrivals: the rate follows the stages, rate_per_s is refused, and at most `iterations` arrivals are laid out. Closed: concurrency is the cap and the profile's end ends the measured phase.",
    }),
  start_target: z.number().min(0, 'must be a number from 0').nullable().optional().meta({
    description:
      'With stages: the target when the first stage begins (default 0 arrivals per second, or 1 run in flight for closed).',
  }),
  stop_on: z
    .array(text({ min: 1, max: BENCHMARK_LIMITS.maxThresholdLength }))
    .max(EARLY_STOP_LIMITS.maxStopOn, `must have at most ${EARLY_STOP_LIMITS.maxStopOn} items`)
    .nullable()
    .optional()
    .meta({
      description:
        'Early stop: threshold expressions judged over the measured runs so far, e.g. "error_rate > 0.2", "p95(ttft_ms) > 5000", "cost_usd > 10". The first that holds stops the benchmark (cancelled, stop_reason and settings.stop_condition say which, when and what it saw); runs not started end with BENCHMARK_STOP_CONDITION_MET, runs in flight are cancelled upstream.',
    }),
  min_runs: wholeNumber(
    1,
    EARLY_STOP_LIMITS.maxMinRuns,
    'Measured runs that must have ended before stop_on or until_ci_halfwidth is first judged (default 10).',
  )
    .nullable()
    .optional(),
  stop_check_every: wholeNumber(
    1,
    EARLY_STOP_LIMITS.maxStopCheckEvery,
    'After min_runs, judge again each time this many more measured runs have ended (default 5).',
  )
    .nullable()
    .optional(),
  until_ci_halfwidth: z
    .strictObject({
      metric: z.string().meta({ description: 'A threshold metric, e.g. total_duration_ms.' }),
      halfwidth: z.number().gt(0, "must be a number above 0, in the metric's unit"),
      confidence: between(EARLY_STOP_LIMITS.minConfidence, EARLY_STOP_LIMITS.maxConfidence, 'Default 0.95.')
        .nullable()
        .optional(),
    })
    .nullable()
    .optional()
    .meta({
      description:
        "End the benchmark (completed) once the Student-t interval of the metric's mean over completed runs is at most ± halfwidth; runs not started end with BENCHMARK_PRECISION_REACHED.",
    }),
  repeats: wholeNumber(
    1,
    20,
    "Run the benchmark this many times, one after another, each a new benchmark with its own warm-up and the same settings and seed; the first one's summary.repeats gives every figure as mean ± a Student-t interval across them (default 1).",
  )
    .nullable()
    .optional(),
  dataset: z
    .strictObject({
      id: z.number().int().min(1).meta({ description: 'The dataset.' }),
      order: z
        .enum(['sequential', 'shuffle', 'sample'], { error: 'must be one of sequential, shuffle, sample' })
        .optional()
        .meta({
          description:
            'sequential (default, wrapping around), shuffle (a seeded permutation), sample (uniform, with replacement).',
        }),
      seed: z.number().int().min(0).max(4_294_967_295).optional().meta({ description: 'Default 1.' }),
    })
    .nullable()
    .optional()
    .meta({
      description:
        "Each run takes one row of the dataset: {{row.FIELD}} in the scenario's inputs is replaced from it, and the run stores the row's index (dataset_row). Default: the scenario's run_settings.dataset.",
    }),
};

/** GET /api/v1/benchmarks/{id}/rows: one dataset row's results. */
export const benchmarkRowResult = z
  .object({
    row: z.number().int().meta({ description: 'The dataset row index.' }),
    runs: z.number().int().meta({ description: 'Measured runs that took this row.' }),
    completed: z.number().int(),
    failed: z.number().int().meta({ description: 'Failed or timed out.' }),
    success_rate: figure.meta({ description: 'completed / (completed + failed); null with no outcome.' }),
    total_duration_ms_p50: figure,
    total_duration_ms_p95: figure,
  })
  .meta({ id: 'BenchmarkRowResult' });

/** One stage of a ramping load profile. */
export type LoadStage = z.output<typeof loadStage>;
