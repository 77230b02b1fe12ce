import { OUTCOME_RUN_STATUSES } from '../model/index.js';
import { summarize } from '../statistics/summarize.js';
import { formatThreshold, parseThreshold, type ThresholdExpression } from './parse.js';
import { countGoodRuns, measurementWindowS, type RunSlo } from './slo.js';
import {
  isTokenMetric,
  type ThresholdMetric,
  type ThresholdOperator,
  type ThresholdRate,
  type ThresholdTotal,
} from './vocabulary.js';

/**
 * The fields of a run that thresholds read, with the names of the `runs` table. Every metric is
 * optional so a caller can select only the columns a threshold needs.
 */
export interface ThresholdRun {
  status: string;
  total_duration_ms?: number | null;
  ttft_ms?: number | null;
  time_to_started_ms?: number | null;
  steps?: number | null;
  cost_usd?: number | null;
  queue_wait_ms?: number | null;
  inter_token_stats?: { mean?: number | null } | null;
  /** The token figures of an OpenAI-compatible run (`runs.token_metrics`). */
  token_metrics?: {
    time_to_first_answer_token_ms?: number | null;
    tpot_ms?: number | null;
    output_tokens_per_s?: number | null;
    output_tokens?: number | null;
    input_tokens?: number | null;
  } | null;
  /**
   * The run's goal verdict when the caller has it (metrics' `goalSuccess`): true, false, or null
   * for no verdict. When absent it is derived from `status` and `assertions_passed`.
   */
  goal_success?: boolean | null;
  /** Conjunction of the run's assertions (the `runs` column); null when it has none. */
  assertions_passed?: boolean | null;
  /** When the run started and finished: the measurement window of `goodput`. */
  started_at?: Date | string | null;
  finished_at?: Date | string | null;
}

/** The runs a threshold is evaluated over: a benchmark's runs or a rolling window. */
export interface ThresholdSample {
  runs: readonly ThresholdRun[];
  /** The per-request SLO `attainment` and `goodput` judge by; without one they are null. */
  slo?: RunSlo | null;
}

/** The outcome of one threshold over one sample; field names are the wire names. */
export interface ThresholdEvaluation {
  /** The threshold in canonical form (see `formatThreshold`). */
  expression: string;
  /** The aggregate or rate over the sample; null when it is undefined (no values). */
  observed: number | null;
  /** Whether `observed` satisfies the comparison; false when `observed` is null. */
  passed: boolean;
  /**
   * How many values the figure is computed from: for an aggregate, the completed runs that have
   * the metric; for success_rate and error_rate, the runs with an outcome (completed, failed or
   * timeout); for goal_success_rate, those of them with a goal verdict.
   */
  n: number;
}

const OUTCOMES: ReadonlySet<string> = new Set(OUTCOME_RUN_STATUSES);

/** A figure and how many values it rests on: the evaluation's own fields. */
type Figure = Pick<ThresholdEvaluation, 'observed' | 'n'>;

/** A figure that has no value here (no SLO to judge runs by, no window to divide by). */
const UNDEFINED_FIGURE: Figure = { observed: null, n: 0 };

/** `counted` out of `n` as a fraction; null over none. */
function fraction(counted: number, n: number): Figure {
  return { observed: n === 0 ? null : counted / n, n };
}

/**
 * A run's goal verdict, as docs/metrics.md ("Infrastructure success and goal success") defines
 * it: `goal_success` when the caller gives it; otherwise null (no verdict) when the run has no
 * assertion results, else completed AND all assertions passed. TinyFish's COMPLETED alone proves
 * nothing about the goal, so a run without assertions has no verdict rather than a success.
 *
 * @example
 * ```ts
 * runGoalVerdict({ status: 'completed', assertions_passed: true }); // true
 * runGoalVerdict({ status: 'failed', assertions_passed: true }); // false
 * runGoalVerdict({ status: 'completed' }); // null
 * ```
 */
export function runGoalVerdict(run: ThresholdRun): boolean | null {
  if (run.goal_success !== undefined) return run.goal_success;
  if (run.assertions_passed === null || run.assertions_passed === undefined) return null;
  return run.status === 'completed' && run.assertions_passed;
}

/** A run's value of `metric`, as the threshold language reads it (null/undefined: none). */
export function metricValue(run: ThresholdRun, metric: ThresholdMetric): number | null | undefined {
  if (metric === 'itl_mean') return run.inter_token_stats?.mean;
  if (isTokenMetric(metric)) return run.token_metrics?.[metric];
  return run[metric];
}

function compareWith(observed: number, operator: ThresholdOperator, bound: number): boolean {
  switch (operator) {
    case '<':
      return observed < bound;
    case '<=':
      return observed <= bound;
    case '>':
      return observed > bound;
    case '>=':
      return observed >= bound;
    case '==':
      return observed === bound;
    case '!=':
      return observed !== bound;
  }
}

function rateOf(rate: ThresholdRate, { runs, slo }: ThresholdSample): Figure {
  if (rate === 'attainment') {
    if (!slo) return UNDEFINED_FIGURE;
    const { good, n } = countGoodRuns(runs, slo);
    return fraction(good, n);
  }
  const withOutcome = runs.filter((run) => OUTCOMES.has(run.status));
  if (rate === 'goal_success_rate') {
    const verdicts = withOutcome.map(runGoalVerdict).filter((verdict) => verdict !== null);
    return fraction(verdicts.filter((verdict) => verdict).length, verdicts.length);
  }
  const n = withOutcome.length;
  const completed = withOutcome.filter((run) => run.status === 'completed').length;
  return fraction(rate === 'success_rate' ? completed : n - completed, n);
}

/**
 * The sum of `metric` over every run that has it (any status); 0 over none. `goodput` is good
 * runs per second of the measurement window instead: null without an SLO or a window.
 */
function totalOf(metric: ThresholdTotal, { runs, slo }: ThresholdSample): Figure {
  if (metric === 'goodput') {
    const windowS = measurementWindowS(runs);
    if (!slo || windowS === null) return UNDEFINED_FIGURE;
    const { good, n } = countGoodRuns(runs, slo);
    return { observed: good / windowS, n };
  }
  let observed = 0;
  let n = 0;
  for (const run of runs) {
    const value = run.cost_usd;
    if (typeof value === 'number' && Number.isFinite(value)) {
      observed += value;
      n++;
    }
  }
  return { observed, n };
}

/** An aggregate of a metric over the completed runs that have it. */
function aggregateOf(
  { aggregate, metric }: Extract<ThresholdExpression, { kind: 'aggregate' }>,
  { runs }: ThresholdSample,
): Figure {
  const values: number[] = [];
  for (const run of runs) {
    if (run.status !== 'completed') continue;
    const value = metricValue(run, metric);
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
  }
  const summary = summarize(values);
  return { observed: aggregate === 'count' ? summary.count : summary[aggregate], n: summary.count };
}

/**
 * Evaluates a threshold over a sample of runs.
 *
 * - Aggregates are over **completed** runs only, skipping runs where the metric is null:
 *   failures are counted by the rates, never averaged into latencies. Percentiles interpolate
 *   linearly (numpy's default, PostgreSQL's percentile_cont); `stddev` is the population
 *   standard deviation; `count` is the number of values (0, not null, for none).
 * - Rates are over runs with an outcome (completed, failed, timeout); pending, running and
 *   cancelled runs are left out. success_rate = completed / outcomes; error_rate = 1 - that;
 *   goal_success_rate = goal successes / outcomes with a goal verdict ({@link runGoalVerdict});
 *   attainment = outcomes that met the sample's SLO / outcomes (null without an SLO).
 * - Totals (`cost_usd`) sum over every run that has the value, whatever its status; over none
 *   the total is 0. `goodput` is the good runs per second from the first start to the last
 *   finish (null without an SLO or without start and finish times).
 * - With no values the figure is null and the threshold does not pass (totals excepted).
 *
 * @example
 * ```ts
 * evaluateThreshold('success_rate >= 0.95', {
 *   runs: [{ status: 'completed' }, { status: 'failed' }, { status: 'cancelled' }],
 * });
 * // { expression: 'success_rate >= 0.95', observed: 0.5, passed: false, n: 2 }
 * ```
 */
export function evaluateThreshold(
  threshold: ThresholdExpression | string,
  sample: ThresholdSample,
): ThresholdEvaluation {
  const parsed = typeof threshold === 'string' ? parseThreshold(threshold) : threshold;
  const expression = formatThreshold(parsed);
  const { observed, n } =
    parsed.kind === 'rate'
      ? rateOf(parsed.rate, sample)
      : parsed.kind === 'total'
        ? totalOf(parsed.total, sample)
        : aggregateOf(parsed, sample);
  return {
    expression,
    observed,
    passed: observed !== null && compareWith(observed, parsed.operator, parsed.value),
    n,
  };
}
