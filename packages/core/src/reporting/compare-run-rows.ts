/**
 * The statistics of a comparison of two samples of runs, given the runs themselves: the
 * part of compareSamples that reads no database, so a sample kept in a file (the CLI's
 * summary.json, a benchmark report) is compared by exactly the same code as one read from
 * the runs table.
 */
import {
  type Comparison,
  compare,
  compareRates,
  createRandom,
  DEFAULT_COMPARE_SEED,
  type RateComparison,
  type Verdict,
} from '@tfbench/domain/statistics';
import type { CompareRunRow } from '../repositories/run-analytics.js';

/**
 * Most values per side the bootstrap resamples: beyond it a seeded random subsample is used
 * (2,000 resamples of 3,000 values take a few hundred ms; the intervals are already narrow).
 */
export const MAX_BOOTSTRAP_VALUES = 3_000;

/** The metrics compared, each lower-is-better, with the run field they read. */
export const COMPARED_METRICS = {
  total_duration_ms: 'total',
  ttft_ms: 'ttft',
  itl_mean: 'itl_mean',
  cost_usd: 'cost',
} as const satisfies Record<string, keyof CompareRunRow>;
export type ComparedMetric = keyof typeof COMPARED_METRICS;

/**
 * Token figures of OpenAI-compatible runs, compared when either side has any; the value is
 * which way is better (fewer tokens is not better or worse, but costs less: lower).
 */
export const COMPARED_TOKEN_METRICS = {
  time_to_first_answer_token_ms: 'lower',
  tpot_ms: 'lower',
  output_tokens_per_s: 'higher',
  output_tokens: 'lower',
  input_tokens: 'lower',
} as const satisfies Partial<Record<keyof CompareRunRow, 'lower' | 'higher'>>;
export type ComparedTokenMetric = keyof typeof COMPARED_TOKEN_METRICS;

/** compare()'s output for one metric, and how many values the bootstrap resampled per side. */
export type MetricComparison = Comparison & { resampled: { a: number; b: number } };

/** The comparison of two samples, without what identifies the samples. */
export interface RowComparison {
  alpha: number;
  seed: number;
  metrics: Record<ComparedMetric, MetricComparison> & Partial<Record<ComparedTokenMetric, MetricComparison>>;
  /** Infrastructure success: completed / runs with an outcome (higher is better). */
  success_rate: RateComparison;
  /** Goal success over runs with a goal verdict; null when a side has none. */
  goal_success_rate: RateComparison | null;
  /** regressed when anything regressed; improved when something improved and nothing regressed. */
  verdict: Verdict;
}

export interface CompareRowsOptions {
  /** Significance level (default 0.05); intervals are at 1 - alpha. */
  alpha?: number;
  /** Seed of the bootstrap (default: the analytics default, so results are reproducible). */
  seed?: number;
}

function seededSubsample(values: number[], limit: number, seed: number): number[] {
  if (values.length <= limit) return values;
  const random = createRandom(seed);
  const copy = values.slice();
  // Partial Fisher-Yates: the first `limit` entries become a uniform sample.
  for (let i = 0; i < limit; i++) {
    const j = i + random.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j] as number, copy[i] as number];
  }
  return copy.slice(0, limit);
}

/**
 * A uniform random sample of at most `limit` items, the same for the same seed; the items
 * themselves when there are no more than `limit`.
 */
export function seededSample<T>(items: readonly T[], limit: number, seed = DEFAULT_COMPARE_SEED): T[] {
  const picked = seededSubsample(
    items.map((_, index) => index),
    limit,
    seed,
  );
  return picked.sort((x, y) => x - y).map((index) => items[index] as T);
}

function valuesOf(rows: readonly CompareRunRow[], field: keyof CompareRunRow): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const value = row[field];
    if (row.status === 'completed' && typeof value === 'number' && Number.isFinite(value)) out.push(value);
  }
  return out;
}

function rateCounts(rows: readonly CompareRunRow[]) {
  let outcomes = 0;
  let completed = 0;
  let verdicts = 0;
  let met = 0;
  for (const row of rows) {
    if (row.status !== 'completed' && row.status !== 'failed' && row.status !== 'timeout') continue;
    outcomes++;
    if (row.status === 'completed') completed++;
    if (row.assertions_passed !== null) {
      verdicts++;
      if (row.status === 'completed' && row.assertions_passed) met++;
    }
  }
  return { outcomes, completed, verdicts, met };
}

/**
 * Compares sample b with sample a: per metric (completed runs only) the bootstrap intervals
 * of the differences of medians and of p95, a Mann-Whitney U test and a verdict; the
 * success-rate difference with Newcombe's interval; and an overall verdict.
 */
export function compareRunRows(
  rowsA: readonly CompareRunRow[],
  rowsB: readonly CompareRunRow[],
  options: CompareRowsOptions = {},
): RowComparison {
  const alpha = options.alpha ?? 0.05;
  const seed = options.seed ?? DEFAULT_COMPARE_SEED;
  const compareField = (field: keyof CompareRunRow, better: 'lower' | 'higher'): MetricComparison => {
    const valuesA = seededSubsample(valuesOf(rowsA, field), MAX_BOOTSTRAP_VALUES, seed);
    const valuesB = seededSubsample(valuesOf(rowsB, field), MAX_BOOTSTRAP_VALUES, seed + 1);
    return {
      ...compare(valuesA, valuesB, { alpha, seed, better }),
      resampled: { a: valuesA.length, b: valuesB.length },
    };
  };
  const metrics = {} as RowComparison['metrics'];
  for (const [name, field] of Object.entries(COMPARED_METRICS) as Array<
    [ComparedMetric, keyof CompareRunRow]
  >) {
    metrics[name] = compareField(field, 'lower');
  }
  for (const [name, better] of Object.entries(COMPARED_TOKEN_METRICS) as Array<
    [ComparedTokenMetric, 'lower' | 'higher']
  >) {
    const present = (rows: readonly CompareRunRow[]) => rows.some((row) => row[name] !== null);
    if (present(rowsA) || present(rowsB)) metrics[name] = compareField(name, better);
  }
  const countsA = rateCounts(rowsA);
  const countsB = rateCounts(rowsB);
  const success_rate = compareRates(
    countsA.completed,
    countsA.outcomes,
    countsB.completed,
    countsB.outcomes,
    {
      alpha,
    },
  );
  const goal_success_rate =
    countsA.verdicts > 0 && countsB.verdicts > 0
      ? compareRates(countsA.met, countsA.verdicts, countsB.met, countsB.verdicts, { alpha })
      : null;
  const verdicts = [
    ...Object.values(metrics).map((m) => m.verdict),
    success_rate.verdict,
    ...(goal_success_rate ? [goal_success_rate.verdict] : []),
  ];
  const verdict: Verdict = verdicts.includes('regressed')
    ? 'regressed'
    : verdicts.includes('improved')
      ? 'improved'
      : 'no_significant_change';
  return { alpha, seed, metrics, success_rate, goal_success_rate, verdict };
}
