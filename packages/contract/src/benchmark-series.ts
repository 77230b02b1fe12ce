/**
 * Wire schemas of per-request SLOs, sweeps and saturation searches: the request fields
 * (benchmarkCreate spreads them in) and what summaries report (attainment and goodput, a
 * sweep's curve, a search's saturation). Rules across fields (search needs slo, sweep refuses
 * rate_per_s) are core's and answer 400 naming the field just the same.
 */
import { z } from 'zod';
import { between, wholeNumber } from './benchmark-load.ts';
import { MAX_SLO_MS, SERIES_LIMITS } from './vocabulary.ts';

const figure = z.number().nullable();

const sloBound = (description: string) =>
  z
    .number()
    .gt(0, `must be a number of milliseconds above 0 and at most ${MAX_SLO_MS}`)
    .max(MAX_SLO_MS, `must be a number of milliseconds above 0 and at most ${MAX_SLO_MS}`)
    .optional()
    .meta({ description });

/** A per-request SLO: upper bounds a good run stays within. */
export const runSlo = z
  .strictObject({
    ttft_ms: sloBound('Time to the first token (first PROGRESS event).'),
    itl_ms: sloBound("The run's mean inter-token latency (its mean gap between PROGRESS events)."),
    tpot_ms: sloBound('Time per output token after the first (OpenAI-compatible runs).'),
    total_ms: sloBound('Total duration of the run.'),
  })
  .meta({ id: 'RunSlo' });

/** The SLO, sweep and search fields of POST /api/v1/benchmarks. */
export const benchmarkSeriesFields = {
  slo: runSlo.nullable().optional().meta({
    description:
      'Per-request SLO: a run is good when it completed within every bound given. The summary gains attainment (good / runs with an outcome, Wilson interval) and goodput (good runs per second); thresholds and stop_on may use "attainment >= 0.95" and "goodput > 10". Default: the scenario\'s run_settings.slo.',
  }),
  sweep: z
    .strictObject({
      points: wholeNumber(
        2,
        SERIES_LIMITS.maxPoints,
        'Constant-rate points, the first at the synchronous rate, the last at the throughput rate.',
      ),
      duration_s_per_point: between(
        SERIES_LIMITS.minDurationSPerPoint,
        SERIES_LIMITS.maxDurationSPerPoint,
        'Seconds each probe and each point runs.',
      ),
    })
    .nullable()
    .optional()
    .meta({
      description:
        'With "arrival": "sweep" (GuideLLM\'s sweep): a synchronous probe (1 run in flight) and a throughput probe (concurrency runs in flight) measure the lowest and highest rates, then `points` constant rates evenly between them run one after another, each a step benchmark of at most `iterations` runs. summary.curve has one element per point.',
    }),
  search: z
    .strictObject({
      target_attainment: z
        .number()
        .gt(0, 'must be a fraction above 0 and below 1, e.g. 0.95')
        .lt(1, 'must be a fraction above 0 and below 1, e.g. 0.95')
        .meta({ description: 'The SLO attainment a load must keep, e.g. 0.95.' }),
      over: z.enum(['rate', 'concurrency'], { error: 'must be one of rate, concurrency' }).meta({
        description: 'Search over the arrival rate (constant steps) or the runs in flight (closed steps).',
      }),
      start: z
        .number()
        .gt(0, 'must be a number above 0')
        .optional()
        .meta({ description: 'The first load probed (default 1).' }),
      max: z
        .number()
        .gt(0, 'must be a number above 0')
        .optional()
        .meta({ description: 'The most load probed (default: concurrency, or 10000 per second).' }),
      tolerance: z
        .number()
        .gt(0, 'must be a fraction above 0 and below 1')
        .lt(1, 'must be a fraction above 0 and below 1')
        .optional()
        .meta({ description: 'Rate searches end once high - low <= tolerance * high (default 0.1).' }),
      max_probes: wholeNumber(1, SERIES_LIMITS.maxProbes, 'Most loads probed (default 20).').optional(),
      max_runs_per_probe: wholeNumber(
        1,
        SERIES_LIMITS.maxRunsPerProbe,
        'An undecided probe runs more batches of `iterations` runs up to this many (default 4 × iterations).',
      ).optional(),
    })
    .nullable()
    .optional()
    .meta({
      description:
        'With "arrival": "search" (needs slo): doubles the load from start until a probe fails, then bisects. A probe passes when the lower bound of its attainment\'s 95 % Wilson interval reaches the target, fails when the upper bound is below it, and otherwise runs again. summary.saturation gives the result.',
    }),
};

const attainment = z
  .object({
    estimate: figure,
    lower: z.number(),
    upper: z.number(),
    successes: z.number().int().meta({ description: 'Runs meeting the SLO.' }),
    n: z.number().int().meta({ description: 'Runs with an outcome.' }),
    confidence: z.number(),
  })
  .meta({ description: 'Runs meeting the SLO / runs with an outcome, with its 95 % Wilson interval.' });

const percentiles = z.object({ p50: figure, p95: figure, p99: figure });

/** The summary fields of SLOs, sweeps and searches. */
export const benchmarkSeriesSummaryFields = {
  slo: z
    .object({
      slo: runSlo,
      attainment,
      goodput_per_s: figure.meta({
        description: 'Good runs per second from the first start to the last finish.',
      }),
    })
    .nullable()
    .optional()
    .meta({ description: 'With an slo: attainment and goodput (docs/metrics.md).' }),
  sweep: z
    .object({
      points: z.number().int(),
      duration_s_per_point: z.number(),
      min_rate_per_s: figure.meta({ description: 'What the synchronous probe achieved (completed runs/s).' }),
      max_rate_per_s: figure.meta({ description: 'What the throughput probe achieved (completed runs/s).' }),
      synchronous_benchmark_id: z.number().int().nullable(),
      throughput_benchmark_id: z.number().int().nullable(),
      points_finished: z.number().int(),
      error: z.string().optional(),
    })
    .optional()
    .meta({ description: 'A sweep: its probes and progress.' }),
  curve: z
    .array(
      z.object({
        point: z.number().int(),
        benchmark_id: z.number().int(),
        offered_rate_per_s: z.number(),
        achieved_rate_per_s: figure,
        ttft_ms: percentiles,
        total_duration_ms: percentiles,
        itl_ms: percentiles,
        error_rate: figure,
        attainment: attainment.nullable(),
        goodput_per_s: figure,
      }),
    )
    .optional()
    .meta({ description: 'A sweep: one element per point, lowest rate first.' }),
  saturation: z
    .object({
      over: z.enum(['rate', 'concurrency']),
      target_attainment: z.number(),
      value: figure.meta({ description: 'The highest load that passed; null when none did.' }),
      ci: z
        .tuple([figure, figure])
        .meta({ description: 'The highest passing and the lowest failing load: the knee lies between.' }),
      probes: z.array(
        z.object({
          value: z.number(),
          runs: z.number().int(),
          good: z.number().int(),
          attainment: figure,
          ci: z.tuple([z.number(), z.number()]),
          verdict: z.enum(['pass', 'fail', 'undecided']),
          decided_by: z.enum(['interval', 'estimate']).nullable(),
          benchmark_ids: z.array(z.number().int()),
        }),
      ),
      ended: z.enum(['converged', 'max_reached', 'min_failed', 'max_probes']).nullable(),
    })
    .optional()
    .meta({ description: 'A search: its probes and the saturation load.' }),
  series: z
    .object({
      steps: z.number().int(),
      steps_passed: z.number().int().meta({ description: 'Steps whose thresholds all held.' }),
      steps_failed: z.number().int().meta({ description: 'Steps where a threshold failed.' }),
      runs: z.number().int().meta({ description: 'Measured runs of all steps, in any status.' }),
      completed: z.number().int(),
      failed: z.number().int(),
      timed_out: z.number().int(),
      cancelled: z.number().int(),
      cost_usd: figure.meta({ description: 'Sum over the steps; null when none reports a cost.' }),
      first_started_at: z.string().nullable(),
      last_finished_at: z.string().nullable(),
      duration_s: figure.meta({ description: 'From the first start to the last finish.' }),
    })
    .optional()
    .meta({
      description:
        "A sweep or search: the totals of its finished steps (the series' own benchmark runs nothing, so its other counts are empty).",
    }),
};
