import { wilsonInterval } from '@tfbench/domain/statistics';
import {
  TIMESERIES_BUCKETS,
  TIMESERIES_METRICS,
  type TimeseriesBucket,
  type TimeseriesMetric,
} from '@tfbench/domain/vocabulary';
import {
  type FigureStats,
  isTokenFigure,
  type RunFigure,
  selectBucketedFigures,
  selectCreatedAtSpan,
  TOKEN_FIGURES,
} from '../repositories/run-analytics.js';
import type { SketchColumn } from '../repositories/run-rollups.js';
import type { RunFilter } from '../repositories/runs.js';
import { ceilTo, DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from '../rollups/buckets.js';
import { readTallies } from '../rollups/read-tallies.js';
import type { RunTally } from '../rollups/tally.js';
import { checkOneOf, IssueList } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type AnalyticsFilterParams, toAnalyticsFilter } from './analytics-filter.js';
import { chooseSource, type FigureSource, relativeErrorOf, rollupScopeOf } from './range-policy.js';
import { decodeSeriesCursor, encodeSeriesCursor } from './series-cursor.js';

const BUCKET_MS: Readonly<Record<Exclude<TimeseriesBucket, 'auto'>, number>> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '1h': HOUR_MS,
  '1d': DAY_MS,
};

/** Most buckets `auto` gives: enough for a chart's width, few enough to read at a glance. */
export const AUTO_MAX_POINTS = 800;
/** Most buckets an explicit width may produce. */
export const MAX_POINTS = 5_000;
/** Points in a page of a series when `limit` is not given: more than `auto` ever gives. */
export const DEFAULT_SERIES_PAGE_POINTS = 1_000;
/** Range of a time series without `from`: the last day. */
export const DEFAULT_TIMESERIES_RANGE_MS = DAY_MS;

export interface TimeseriesParams extends AnalyticsFilterParams {
  metric: TimeseriesMetric;
  /** Default `auto`. */
  bucket?: TimeseriesBucket;
  /** Exact percentiles from raw runs, whatever the range (default: rollups beyond a day). */
  exact?: boolean;
  /** Most points in this page, 1 to {@link MAX_POINTS} (default {@link DEFAULT_SERIES_PAGE_POINTS}). */
  limit?: number;
  /** The `next_cursor` of the previous page; the series' range and bucket come from it. */
  cursor?: string;
}

/** A bucket of a latency metric (total, ttft, itl_mean) or a token figure, over its completed runs. */
export interface LatencyPoint {
  bucket_start: Date;
  /** Completed runs with the figure. */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

/** A bucket of cost: the latency figures of cost_usd, and their sum. */
export interface CostPoint extends LatencyPoint {
  sum: number | null;
}

/** A bucket of success_rate: completed / runs with an outcome, with its 95 % Wilson interval. */
export interface RatePoint {
  bucket_start: Date;
  /** Runs with an outcome (completed, failed, timeout). */
  count: number;
  successes: number;
  rate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
}

/** A bucket of throughput: runs with an outcome, and that count per minute of the bucket. */
export interface ThroughputPoint {
  bucket_start: Date;
  count: number;
  completed: number;
  runs_per_minute: number;
}

export type TimeseriesPoint = LatencyPoint | CostPoint | RatePoint | ThroughputPoint;

export interface RunTimeseries {
  metric: TimeseriesMetric;
  /** The bucket width used (`auto` resolved). */
  bucket: Exclude<TimeseriesBucket, 'auto'>;
  bucket_ms: number;
  from: Date;
  to: Date;
  source: FigureSource;
  percentile_relative_error: number;
  /**
   * The buckets of this page, empty ones included: all from the one holding `from` to the
   * one holding the end when they fit in `limit`, else the first `limit` of those left.
   */
  points: TimeseriesPoint[];
  /** Where the next page starts (pass it as `cursor`), or null on the last page. */
  next_cursor: string | null;
}

/** The figure and sketch column a metric reads (rates and throughput read counts only). */
const METRIC_FIGURE: Readonly<Record<TimeseriesMetric, { figure: RunFigure; sketch: SketchColumn | null }>> =
  {
    total: { figure: 'total', sketch: 'total_sketch' },
    ttft: { figure: 'ttft', sketch: 'ttft_sketch' },
    itl_mean: { figure: 'itl_mean', sketch: 'itl_sketch' },
    cost: { figure: 'cost', sketch: 'cost_sketch' },
    success_rate: { figure: 'total', sketch: null },
    throughput: { figure: 'total', sketch: null },
    ...(Object.fromEntries(TOKEN_FIGURES.map((figure) => [figure, { figure, sketch: null }])) as Record<
      (typeof TOKEN_FIGURES)[number],
      { figure: RunFigure; sketch: null }
    >),
  };

function resolveBucket(bucket: TimeseriesBucket, spanMs: number, issues: IssueList) {
  if (bucket === 'auto') {
    for (const name of ['1m', '5m', '1h', '1d'] as const) {
      if (Math.ceil(spanMs / BUCKET_MS[name]) <= AUTO_MAX_POINTS) return name;
    }
    return '1d' as const;
  }
  if (Math.ceil(spanMs / BUCKET_MS[bucket]) > MAX_POINTS) {
    issues.add(
      'bucket',
      `${bucket} over this range gives more than ${MAX_POINTS} buckets; choose a wider bucket`,
    );
  }
  return bucket;
}

/**
 * The range an `auto` series covers. A range too wide even for day buckets (such as
 * 1970-9999) shrinks to the whole days holding matching runs — and today, since new runs
 * land there — and then, if still wider than {@link MAX_POINTS} days, to the latest
 * {@link MAX_POINTS} days. Without this, `auto` fell back to day buckets over any range,
 * and one request built millions of points while the API answered nothing else. The
 * response's `from` and `to` say which range was served.
 */
async function clampAutoRange(
  deps: CoreDeps,
  filter: RunFilter,
  from: Date,
  to: Date,
  now: number,
): Promise<{ from: Date; to: Date }> {
  if (Math.ceil((to.getTime() - from.getTime()) / DAY_MS) <= AUTO_MAX_POINTS) return { from, to };
  const span = await selectCreatedAtSpan(deps.db.db, filter);
  const lastDay = ceilTo(Math.max(now, (span.last?.getTime() ?? now) + 1), DAY_MS);
  let end = Math.min(to.getTime(), lastDay);
  let start = Math.max(from.getTime(), floorTo(span.first?.getTime() ?? end - DAY_MS, DAY_MS));
  if (end - start > MAX_POINTS * DAY_MS) start = end - MAX_POINTS * DAY_MS;
  if (!(start < end)) {
    // Nothing matches and the range lies wholly in the future: its last day, empty.
    start = Math.max(from.getTime(), to.getTime() - DAY_MS);
    end = to.getTime();
  }
  return { from: new Date(start), to: new Date(end) };
}

/** Counts of a bucket, whichever source it came from. */
interface BucketFigures extends FigureStats {
  completed: number;
  outcomes: number;
}

function figuresOfTally(tally: RunTally | undefined, sketch: SketchColumn | null): BucketFigures {
  if (!tally)
    return { completed: 0, outcomes: 0, n: 0, p50: null, p95: null, p99: null, mean: null, sum: null };
  const figure = sketch === null ? null : tally.sketches[sketchFigure(sketch)];
  return {
    completed: tally.completed,
    outcomes: tally.outcomes,
    n: figure?.count ?? 0,
    p50: figure?.quantile(0.5) ?? null,
    p95: figure?.quantile(0.95) ?? null,
    p99: figure?.quantile(0.99) ?? null,
    mean: figure?.mean ?? null,
    sum: figure && figure.count > 0 ? figure.sum : null,
  };
}

function sketchFigure(column: SketchColumn) {
  return column.slice(0, -'_sketch'.length) as 'total' | 'ttft' | 'itl' | 'cost';
}

function pointOf(metric: TimeseriesMetric, bucketStart: number, figures: BucketFigures, minutes: number) {
  const bucket_start = new Date(bucketStart);
  switch (metric) {
    case 'success_rate': {
      const interval = figures.outcomes === 0 ? null : wilsonInterval(figures.completed, figures.outcomes);
      return {
        bucket_start,
        count: figures.outcomes,
        successes: figures.completed,
        rate: interval?.estimate ?? null,
        ci_lower: interval?.lower ?? null,
        ci_upper: interval?.upper ?? null,
      } satisfies RatePoint;
    }
    case 'throughput':
      return {
        bucket_start,
        count: figures.outcomes,
        completed: figures.completed,
        runs_per_minute: minutes > 0 ? figures.outcomes / minutes : 0,
      } satisfies ThroughputPoint;
    case 'cost':
      return { ...latencyPoint(bucket_start, figures), sum: figures.sum } satisfies CostPoint;
    default:
      return latencyPoint(bucket_start, figures);
  }
}

function latencyPoint(bucket_start: Date, figures: BucketFigures): LatencyPoint {
  const { n, p50, p95, p99, mean } = figures;
  return { bucket_start, count: n, p50, p95, p99, mean };
}

/**
 * A metric per time bucket over [from, to) (default: the last day), for the runs matching
 * the filters (warm-ups left out). Latency metrics give count, p50, p95, p99 and mean of
 * completed runs; success_rate the rate with its Wilson interval; throughput finished runs
 * per minute; cost the latency figures of cost_usd plus its sum; a token figure the latency
 * figures of that value of token_metrics. Ranges of at most a day, and token figures, are
 * exact; wider ones come from the rollups (percentiles within 0.5 %).
 *
 * @example
 * const series = await getRunTimeseries(deps, { metric: 'total', bucket: '1h', from, to });
 * series.points[0]; // { bucket_start, count, p50, p95, p99, mean }
 */
export async function getRunTimeseries(deps: CoreDeps, params: TimeseriesParams): Promise<RunTimeseries> {
  const issues = new IssueList();
  checkOneOf('metric', params.metric, TIMESERIES_METRICS, issues);
  checkOneOf('bucket', params.bucket, TIMESERIES_BUCKETS, issues);
  const limit = params.limit ?? DEFAULT_SERIES_PAGE_POINTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_POINTS) {
    issues.add('limit', `must be a whole number from 1 to ${MAX_POINTS}`);
  }
  const cursor = params.cursor === undefined ? undefined : decodeSeriesCursor(params.cursor, issues);
  const now = Date.now();
  let to = cursor ? new Date(cursor.to) : (params.to ?? new Date(now));
  let from = cursor
    ? new Date(cursor.from)
    : (params.from ?? new Date(to.getTime() - DEFAULT_TIMESERIES_RANGE_MS));
  const filter = toAnalyticsFilter({ ...params, from, to }, issues);
  issues.throwIfAny();
  const requested = cursor?.bucket ?? params.bucket ?? 'auto';
  if (requested === 'auto') ({ from, to } = await clampAutoRange(deps, filter, from, to, now));
  const bucket = resolveBucket(requested, to.getTime() - from.getTime(), issues);
  issues.throwIfAny();
  const bucketMs = BUCKET_MS[bucket];
  const source = chooseSource(
    { exact: params.exact || isTokenFigure(params.metric), benchmark_id: filter.benchmark_id, from, to },
    now,
  );
  // This page: `limit` buckets from the cursor's (or the first) bucket, within the range.
  const first = cursor?.next ?? Math.floor(from.getTime() / bucketMs) * bucketMs;
  const pageEnd = Math.min(to.getTime(), first + limit * bucketMs);
  const pageFrom = Math.max(first, from.getTime());
  const page = { from: new Date(pageFrom), to: new Date(pageEnd) };
  const { figure, sketch } = METRIC_FIGURE[params.metric];

  const byBucket = new Map<number, BucketFigures>();
  if (source === 'exact') {
    const pageFilter = { ...filter, from: page.from, to: page.to };
    for (const row of await selectBucketedFigures(deps.db.db, pageFilter, bucketMs, figure)) {
      byBucket.set(row.bucket, {
        completed: row.completed,
        outcomes: row.completed + row.failed + row.timeout,
        n: row.n,
        p50: row.p50 ?? null,
        p95: row.p95 ?? null,
        p99: row.p99 ?? null,
        mean: row.mean ?? null,
        sum: row.n > 0 ? (row.sum ?? null) : null,
      });
    }
  } else {
    const tallies = await readTallies(deps.db.db, {
      scope: await rollupScopeOf(deps.db.db, filter),
      start: pageFrom,
      end: pageEnd,
      bucketMs,
      sketches: sketch === null ? [] : [sketch],
    });
    for (const [start, tally] of tallies) byBucket.set(start, figuresOfTally(tally, sketch));
  }

  const points: TimeseriesPoint[] = [];
  for (let start = first; start < pageEnd; start += bucketMs) {
    // Throughput divides by the part of the bucket inside the range: edges are partial.
    const covered = Math.min(start + bucketMs, to.getTime()) - Math.max(start, from.getTime());
    points.push(
      pointOf(
        params.metric,
        start,
        byBucket.get(start) ?? figuresOfTally(undefined, sketch),
        covered / MINUTE_MS,
      ),
    );
  }
  return {
    metric: params.metric,
    bucket,
    bucket_ms: bucketMs,
    from,
    to,
    source,
    percentile_relative_error: relativeErrorOf(source),
    points,
    next_cursor:
      pageEnd < to.getTime()
        ? encodeSeriesCursor({ bucket, from: from.getTime(), to: to.getTime(), next: pageEnd })
        : null,
  };
}
