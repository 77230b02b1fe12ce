/**
 * Wire schemas of /api/v1/analytics (time series, histograms, comparisons), the run export and
 * the benchmark report.
 */
import { z } from 'zod';
import { queryInt, timestamp } from './common.ts';
import { kpiQuery, runListQuery } from './runs.ts';
import { EXPORT_FORMATS, HISTOGRAM_METRICS, TIMESERIES_BUCKETS, TIMESERIES_METRICS } from './vocabulary.ts';

const enumQuery = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` }).meta({ description });

/** Most buckets one time series has, and so one page of it. */
export const MAX_SERIES_POINTS = 5_000;
/** Points in a page of a time series without `limit`. */
export const DEFAULT_SERIES_POINTS = 1_000;

/** GET /api/v1/analytics/timeseries */
export const timeseriesQuery = kpiQuery.extend({
  metric: enumQuery(
    TIMESERIES_METRICS,
    'total, ttft and itl_mean: latency percentiles of completed runs (ms); success_rate: completed / runs with an outcome; throughput: runs with an outcome per minute; cost: cost_usd of completed runs.',
  ),
  bucket: enumQuery(
    TIMESERIES_BUCKETS,
    'Bucket width; auto (default) picks the smallest giving at most 800 buckets. At most 5000 buckets: an explicit width over that is a 400; auto shrinks a range too wide for day buckets to the days holding matching runs (and today), then to the latest 5000 days; from and to in the response say what was served.',
  ).optional(),
  limit: queryInt(
    1,
    MAX_SERIES_POINTS,
    `Most points in one page, 1 to ${MAX_SERIES_POINTS} (default ${DEFAULT_SERIES_POINTS}); a longer series ends with next_cursor.`,
  ).optional(),
  cursor: z.string().max(200, 'must be at most 200 characters').optional().meta({
    description:
      'The next_cursor of the previous page: the next page of the same series (its range and bucket come from the cursor; send the same metric and filters).',
  }),
});

const nullableNumber = z.number().nullable();

/** What every point of a time series starts with: its bucket, and how many runs it counts. */
const bucketOf = (counted: string) => ({
  bucket_start: timestamp,
  count: z.number().int().meta({ description: counted }),
});

const latencyPoint = z
  .object({
    ...bucketOf('Completed runs with the figure.'),
    p50: nullableNumber,
    p95: nullableNumber,
    p99: nullableNumber,
    mean: nullableNumber,
  })
  .meta({ id: 'LatencyPoint', description: 'A bucket of total, ttft or itl_mean (ms).' });

const costPoint = latencyPoint
  .extend({ sum: nullableNumber.meta({ description: 'Sum of cost_usd (USD).' }) })
  .meta({ id: 'CostPoint', description: 'A bucket of cost_usd (USD).' });

const ratePoint = z
  .object({
    ...bucketOf('Runs with an outcome (completed, failed, timeout).'),
    successes: z.number().int(),
    rate: nullableNumber,
    ci_lower: nullableNumber.meta({ description: '95 % Wilson interval.' }),
    ci_upper: nullableNumber,
  })
  .meta({ id: 'RatePoint', description: 'A bucket of success_rate.' });

const throughputPoint = z
  .object({
    ...bucketOf('Runs with an outcome.'),
    completed: z.number().int(),
    runs_per_minute: z.number().meta({ description: 'count per minute of the bucket inside the range.' }),
  })
  .meta({ id: 'ThroughputPoint', description: 'A bucket of throughput.' });

const source = z
  .enum(['exact', 'rollups'])
  .meta({ description: 'exact: from raw runs; rollups: from per-minute/hour/day sketches (within 0.5 %).' });

export const timeseries = z
  .object({
    metric: z.enum(TIMESERIES_METRICS),
    bucket: z.enum(['1m', '5m', '1h', '1d']),
    bucket_ms: z.number().int(),
    from: timestamp,
    to: timestamp,
    source,
    percentile_relative_error: z.number(),
    points: z.array(z.union([costPoint, latencyPoint, ratePoint, throughputPoint])).meta({
      description:
        'The buckets of this page, empty ones included: every bucket from the one holding `from` up to `to` when they fit in limit, else the next limit of them.',
    }),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass it as cursor for the next page; null on the last page.' }),
  })
  .meta({ id: 'Timeseries' });

/** GET /api/v1/analytics/histogram */
export const histogramQuery = kpiQuery.extend({
  metric: enumQuery(HISTOGRAM_METRICS, 'The figure of completed runs to bin.'),
  bins: z
    .string()
    .regex(/^(auto|[1-9][0-9]{0,4})$/, 'must be auto or a whole number from 1 to 10000')
    .transform((v) => (v === 'auto' ? ('auto' as const) : Number(v)))
    .pipe(
      z.union([z.literal('auto'), z.number().max(10_000, 'must be auto or a whole number from 1 to 10000')]),
    )
    .optional()
    .meta({
      type: 'string',
      pattern: undefined,
      description: 'auto (default: rounded edges, at most 200 bins) or a number of bins.',
    }),
  scale: enumQuery(
    ['log', 'linear'] as const,
    'Edge spacing; default log for latencies, automatic for cost.',
  ).optional(),
});

export const histogramResponse = z
  .object({
    metric: z.enum(HISTOGRAM_METRICS),
    scale: z.enum(['log', 'linear']),
    count: z.number().int(),
    min: nullableNumber,
    max: nullableNumber,
    source,
    relative_error: z
      .number()
      .meta({ description: "Bound of a value's relative misplacement (0 exact, 0.005 from rollups)." }),
    bins: z
      .array(z.object({ lower: z.number(), upper: z.number(), count: z.number().int() }))
      .meta({ description: 'lower <= v < upper; the last bin also holds v == upper.' }),
  })
  .meta({ id: 'Histogram' });

/** GET /api/v1/analytics/compare */
export const compareQuery = z.object({
  a: z.string().max(120, 'must be at most 120 characters').meta({
    description:
      'The baseline: benchmark:ID, scenario:ID (its last 24 h) or scenario:ID@FROM..TO (ISO-8601 date-times; either may be empty).',
  }),
  b: z
    .string()
    .max(120, 'must be at most 120 characters')
    .meta({ description: 'The candidate, same syntax as a.' }),
  alpha: z
    .string()
    .regex(/^0?\.[0-9]{1,6}$/, 'must be a number between 0 and 0.5, e.g. 0.05')
    .transform(Number)
    .pipe(z.number().gt(0, 'must be between 0 and 0.5').lt(0.5, 'must be between 0 and 0.5'))
    .optional()
    .meta({ type: 'number', pattern: undefined, description: 'Significance level (default 0.05).' }),
  seed: z
    .string()
    .regex(/^[0-9]{1,10}$/, 'must be a whole number from 0 to 4294967295')
    .transform(Number)
    .pipe(z.number().max(4_294_967_295, 'must be a whole number from 0 to 4294967295'))
    .optional()
    .meta({
      type: 'integer',
      pattern: undefined,
      description: 'Bootstrap seed (default fixed, so results repeat).',
    }),
});

const verdict = z.enum(['improved', 'regressed', 'no_significant_change']);

const summary = z.object({
  n: z.number().int(),
  p50: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  mean: nullableNumber,
});

const differenceEstimate = z.object({
  estimate: nullableNumber,
  ci_lower: nullableNumber,
  ci_upper: nullableNumber,
  estimate_pct: nullableNumber,
  ci_lower_pct: nullableNumber,
  ci_upper_pct: nullableNumber,
});

const metricComparison = z
  .object({
    a: summary,
    b: summary,
    difference_pct: z.object({
      p50: nullableNumber,
      p95: nullableNumber,
      p99: nullableNumber,
      mean: nullableNumber,
    }),
    median_difference: differenceEstimate,
    p95_difference: differenceEstimate,
    mann_whitney: z
      .object({
        u_a: z.number(),
        u_b: z.number(),
        z: nullableNumber,
        p_value: z.number(),
        method: z.enum(['exact', 'asymptotic']),
      })
      .nullable(),
    alpha: z.number(),
    confidence: z.number(),
    iterations: z.number().int(),
    seed: z.number().int(),
    better: z.enum(['lower', 'higher']),
    verdict,
    resampled: z.object({ a: z.number().int(), b: z.number().int() }),
  })
  .meta({ id: 'MetricComparison' });

const rateSide = z.object({
  successes: z.number().int(),
  n: z.number().int(),
  rate: nullableNumber,
  ci_lower: z.number(),
  ci_upper: z.number(),
});

const rateComparison = z
  .object({
    a: rateSide,
    b: rateSide,
    difference: nullableNumber,
    ci_lower: nullableNumber,
    ci_upper: nullableNumber,
    alpha: z.number(),
    confidence: z.number(),
    better: z.enum(['lower', 'higher']),
    verdict,
  })
  .meta({ id: 'RateComparison' });

const compareSide = z.object({
  ref: z.string(),
  kind: z.enum(['benchmark', 'scenario']),
  id: z.number().int(),
  from: timestamp.nullable(),
  to: timestamp.nullable(),
  runs: z.number().int(),
  truncated: z.boolean().meta({ description: 'Only the newest 20000 runs were read.' }),
});

export const comparison = z
  .object({
    a: compareSide,
    b: compareSide,
    alpha: z.number(),
    seed: z.number().int(),
    metrics: z.object({
      total_duration_ms: metricComparison,
      ttft_ms: metricComparison,
      itl_mean: metricComparison,
      cost_usd: metricComparison,
      time_to_first_answer_token_ms: metricComparison.optional(),
      tpot_ms: metricComparison.optional(),
      output_tokens_per_s: metricComparison
        .optional()
        .meta({ description: 'Higher is better. Token figures are present when either side has them.' }),
      output_tokens: metricComparison.optional(),
      input_tokens: metricComparison.optional(),
    }),
    success_rate: rateComparison,
    goal_success_rate: rateComparison.nullable(),
    attainment: rateComparison
      .extend({
        slo: z.record(z.string(), z.number()).meta({ description: 'The SLO the runs were judged by.' }),
      })
      .nullable()
      .meta({
        description:
          "Runs meeting the SLO / runs with an outcome on each side, under the baseline benchmark's slo (else the candidate's); null when neither side is a benchmark with an slo.",
      }),
    verdict: verdict.meta({
      description:
        'regressed when anything regressed; improved when something improved and nothing regressed.',
    }),
  })
  .meta({ id: 'Comparison' });

/** GET /api/v1/runs/export */
export const exportQuery = runListQuery.omit({ skip: true, limit: true, cursor: true }).extend({
  format: enumQuery(
    EXPORT_FORMATS,
    'csv (RFC 4180, JSON fields as JSON text), json (an array) or ndjson (a run per line).',
  ),
});

/** The query of GET /api/v1/analytics/timeseries, as the API reads it. */
export type TimeseriesQuery = z.output<typeof timeseriesQuery>;
/** A time series of one metric. */
export type Timeseries = z.output<typeof timeseries>;
/** One bucket of a time series; which fields it has depends on the metric. */
export type TimeseriesPoint = Timeseries['points'][number];
/** The query of GET /api/v1/analytics/histogram, as the API reads it. */
export type HistogramQuery = z.output<typeof histogramQuery>;
export type Histogram = z.output<typeof histogramResponse>;
export type HistogramBin = Histogram['bins'][number];
/** The query of GET /api/v1/analytics/compare, as the API reads it. */
export type CompareQuery = z.output<typeof compareQuery>;
/** The statistical comparison of two samples of runs. */
export type Comparison = z.output<typeof comparison>;
/** The comparison of one latency metric. */
export type MetricComparison = z.output<typeof metricComparison>;
/** The comparison of two success rates. */
export type RateComparison = z.output<typeof rateComparison>;
/** The query of GET /api/v1/runs/export, as the API reads it. */
export type ExportQuery = z.output<typeof exportQuery>;
