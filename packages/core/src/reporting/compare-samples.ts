import { NotFoundError } from '@tfbench/domain/errors';
import {
  type Comparison,
  compare,
  compareRates,
  createRandom,
  DEFAULT_COMPARE_SEED,
  type RateComparison,
  type Verdict,
} from '@tfbench/domain/statistics';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { type CompareRunRow, selectCompareRuns } from '../repositories/run-analytics.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { IssueList } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type AttainmentComparison, compareAttainment } from './compare-attainment.js';
import { filterOfSampleRef, parseSampleRef, type SampleRef } from './sample-ref.js';

/** Most runs read per side (the newest). */
export const MAX_COMPARE_RUNS = 20_000;
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

export interface CompareSamplesParams {
  /** The baseline: `benchmark:ID` or `scenario:ID[@FROM..TO]`. */
  a: string;
  /** The candidate, same syntax. */
  b: string;
  /** Significance level (default 0.05); intervals are at 1 - alpha. */
  alpha?: number;
  /** Seed of the bootstrap (default: the analytics default, so results are reproducible). */
  seed?: number;
}

export interface CompareSide {
  ref: string;
  kind: SampleRef['kind'];
  id: number;
  from: Date | null;
  to: Date | null;
  /** Runs read (non-warm-up, any status). */
  runs: number;
  /** True when the side had more than MAX_COMPARE_RUNS runs and only the newest were read. */
  truncated: boolean;
}

/** compare()'s output for one metric, and how many values the bootstrap resampled per side. */
export type MetricComparison = Comparison & { resampled: { a: number; b: number } };

export interface SampleComparison {
  a: CompareSide;
  b: CompareSide;
  alpha: number;
  seed: number;
  metrics: Record<ComparedMetric, MetricComparison> & Partial<Record<ComparedTokenMetric, MetricComparison>>;
  /** Infrastructure success: completed / runs with an outcome (higher is better). */
  success_rate: RateComparison;
  /** Goal success over runs with a goal verdict; null when a side has none. */
  goal_success_rate: RateComparison | null;
  /** Runs meeting the SLO (a benchmark side's slo) / runs with an outcome; null without an SLO. */
  attainment: AttainmentComparison | null;
  /** regressed when anything regressed; improved when something improved and nothing regressed. */
  verdict: Verdict;
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

async function requireSide(deps: CoreDeps, ref: SampleRef, field: string): Promise<void> {
  const found =
    ref.kind === 'benchmark'
      ? await selectBenchmarkById(deps.db.db, ref.id)
      : await selectScenarioById(deps.db.db, ref.id);
  if (!found) throw new NotFoundError(ref.kind, ref.id, { field });
}

/**
 * Compares two samples of runs — two benchmarks, or a scenario's runs in two windows, or one
 * of each: per metric (total duration, TTFT, inter-token mean, cost, and the token figures
 * when either side has OpenAI-compatible runs; completed runs only) n,
 * p50, p95, p99 and mean of each side, their change in %, seeded bootstrap intervals of the
 * differences of medians and of 95th percentiles, a Mann-Whitney U test and a verdict; plus
 * the success-rate difference with Newcombe's interval (docs/thresholds.md). The result is
 * reproducible: the same runs and seed give the same intervals.
 *
 * @example
 * const result = await compareSamples(deps, { a: 'benchmark:1', b: 'benchmark:2' });
 * result.metrics.total_duration_ms.verdict; // 'regressed' | 'improved' | 'no_significant_change'
 */
export async function compareSamples(
  deps: CoreDeps,
  params: CompareSamplesParams,
): Promise<SampleComparison> {
  const issues = new IssueList();
  const now = Date.now();
  const a = parseSampleRef('a', params.a, issues, now);
  const b = parseSampleRef('b', params.b, issues, now);
  const alpha = params.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) issues.add('alpha', 'must be a number between 0 and 0.5 (exclusive)');
  const seed = params.seed ?? DEFAULT_COMPARE_SEED;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    issues.add('seed', 'must be a whole number from 0 to 4294967295');
  }
  issues.throwIfAny();
  const sides = [a as SampleRef, b as SampleRef] as const;
  await requireSide(deps, sides[0], 'a');
  await requireSide(deps, sides[1], 'b');
  const [rowsA, rowsB] = await Promise.all(
    sides.map((side) => selectCompareRuns(deps.db.db, filterOfSampleRef(side), MAX_COMPARE_RUNS + 1)),
  );
  const side = (ref: SampleRef, rows: CompareRunRow[]): CompareSide => ({
    ref: ref.ref,
    kind: ref.kind,
    id: ref.id,
    from: ref.from,
    to: ref.to,
    runs: Math.min(rows.length, MAX_COMPARE_RUNS),
    truncated: rows.length > MAX_COMPARE_RUNS,
  });
  const usedA = (rowsA as CompareRunRow[]).slice(0, MAX_COMPARE_RUNS);
  const usedB = (rowsB as CompareRunRow[]).slice(0, MAX_COMPARE_RUNS);

  const compareField = (field: keyof CompareRunRow, better: 'lower' | 'higher'): MetricComparison => {
    const valuesA = seededSubsample(valuesOf(usedA, field), MAX_BOOTSTRAP_VALUES, seed);
    const valuesB = seededSubsample(valuesOf(usedB, field), MAX_BOOTSTRAP_VALUES, seed + 1);
    return {
      ...compare(valuesA, valuesB, { alpha, seed, better }),
      resampled: { a: valuesA.length, b: valuesB.length },
    };
  };
  const metrics = {} as SampleComparison['metrics'];
  for (const [name, field] of Object.entries(COMPARED_METRICS) as Array<
    [ComparedMetric, keyof CompareRunRow]
  >) {
    metrics[name] = compareField(field, 'lower');
  }
  for (const [name, better] of Object.entries(COMPARED_TOKEN_METRICS) as Array<
    [ComparedTokenMetric, 'lower' | 'higher']
  >) {
    const present = (rows: CompareRunRow[]) => rows.some((row) => row[name] !== null);
    if (present(usedA) || present(usedB)) metrics[name] = compareField(name, better);
  }
  const countsA = rateCounts(usedA);
  const countsB = rateCounts(usedB);
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
  const attainment = await compareAttainment(deps.db.db, sides, [usedA, usedB], alpha);
  const verdicts = [
    ...Object.values(metrics).map((m) => m.verdict),
    success_rate.verdict,
    ...(goal_success_rate ? [goal_success_rate.verdict] : []),
    ...(attainment ? [attainment.verdict] : []),
  ];
  const verdict: Verdict = verdicts.includes('regressed')
    ? 'regressed'
    : verdicts.includes('improved')
      ? 'improved'
      : 'no_significant_change';
  return {
    a: side(sides[0], rowsA as CompareRunRow[]),
    b: side(sides[1], rowsB as CompareRunRow[]),
    alpha,
    seed,
    metrics,
    success_rate,
    goal_success_rate,
    attainment,
    verdict,
  };
}
