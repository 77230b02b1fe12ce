import {
  chooseHistogramScale,
  type HistogramBin,
  type HistogramScale,
  histogram,
  histogramOfSketch,
  MAX_BINS,
} from '@tfbench/domain/statistics';
import { HISTOGRAM_METRICS, type HistogramMetric } from '@tfbench/domain/vocabulary';
import {
  isTokenFigure,
  type RunFigure,
  selectCreatedAtSpan,
  selectFigureValues,
} from '../repositories/run-analytics.js';
import { MINUTE_MS } from '../rollups/buckets.js';
import { readTallies } from '../rollups/read-tallies.js';
import { checkOneOf, IssueList } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type AnalyticsFilterParams, toAnalyticsFilter } from './analytics-filter.js';
import { chooseSource, type FigureSource, relativeErrorOf, rollupScopeOf } from './range-policy.js';

/** Latencies are skewed to the right: their bins are log-spaced unless asked otherwise. */
const LATENCY_METRICS: ReadonlySet<HistogramMetric> = new Set([
  'total',
  'ttft',
  'itl_mean',
  'time_to_first_answer_token_ms',
  'tpot_ms',
]);

const SKETCH_OF = { total: 'total', ttft: 'ttft', itl_mean: 'itl', cost: 'cost' } as const;

export interface HistogramParams extends AnalyticsFilterParams {
  metric: HistogramMetric;
  /** A number of bins (1 to 10,000) or `auto` (default): rounded edges, at most 200 bins. */
  bins?: number | 'auto';
  /** Default: `log` for latencies, automatic for cost. */
  scale?: HistogramScale;
  /** Exact from raw runs, whatever the range (default: rollups beyond a day). */
  exact?: boolean;
}

export interface RunHistogram {
  metric: HistogramMetric;
  scale: HistogramScale;
  /** Completed runs with the figure. */
  count: number;
  min: number | null;
  max: number | null;
  source: FigureSource;
  /** Bound of the relative error of a value's position (0 exact; 0.005 from rollups). */
  relative_error: number;
  /** Values v with lower <= v < upper; the last bin also holds v === upper. */
  bins: HistogramBin[];
}

/**
 * The distribution of a figure of the completed runs matching the filters, as histogram
 * bins. Narrow ranges bin the raw values; wider ones bin the rollups' sketches (each value
 * placed within 0.5 % of where it belongs).
 *
 * @example
 * const h = await getRunHistogram(deps, { metric: 'total', scenario_id: 1 });
 * h.bins; // [{ lower: 1000, upper: 1258.93, count: 12 }, ...]
 */
export async function getRunHistogram(deps: CoreDeps, params: HistogramParams): Promise<RunHistogram> {
  const issues = new IssueList();
  checkOneOf('metric', params.metric, HISTOGRAM_METRICS, issues);
  checkOneOf('scale', params.scale, ['log', 'linear'], issues);
  const bins = params.bins ?? 'auto';
  if (bins !== 'auto' && !(Number.isInteger(bins) && bins >= 1 && bins <= MAX_BINS)) {
    issues.add('bins', `must be auto or a whole number from 1 to ${MAX_BINS}`);
  }
  const filter = toAnalyticsFilter(params, issues);
  issues.throwIfAny();
  const { db } = deps.db;
  const now = Date.now();
  const span = await selectCreatedAtSpan(db, filter);
  const source = chooseSource(
    { ...filter, exact: params.exact || isTokenFigure(params.metric), ...span },
    now,
  );
  const preferred = params.scale ?? (LATENCY_METRICS.has(params.metric) ? 'log' : undefined);

  if (source === 'exact') {
    const values = await selectFigureValues(db, filter, params.metric as RunFigure);
    const scale = preferred ?? chooseHistogramScale(values);
    let lo: number | null = null;
    let hi: number | null = null;
    for (const v of values) {
      if (lo === null || v < lo) lo = v;
      if (hi === null || v > hi) hi = v;
    }
    return {
      metric: params.metric,
      scale,
      count: values.length,
      min: lo,
      max: hi,
      source,
      relative_error: 0,
      bins: histogram(values, { bins, scale }),
    };
  }
  const sketchName = SKETCH_OF[params.metric as keyof typeof SKETCH_OF];
  const column = `${sketchName}_sketch` as const;
  const tallies = await readTallies(db, {
    scope: await rollupScopeOf(db, filter),
    start: filter.from?.getTime() ?? Number.NEGATIVE_INFINITY,
    end: filter.to?.getTime() ?? now + MINUTE_MS,
    sketches: [column],
  });
  const sketch = tallies.get(0)?.sketches[sketchName];
  const result = sketch
    ? histogramOfSketch(sketch, { bins, scale: preferred })
    : { scale: preferred ?? 'linear', bins: [] };
  return {
    metric: params.metric,
    scale: result.scale,
    count: sketch?.count ?? 0,
    min: sketch?.min ?? null,
    max: sketch?.max ?? null,
    source,
    relative_error: relativeErrorOf(source),
    bins: result.bins,
  };
}
