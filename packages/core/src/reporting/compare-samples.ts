import { NotFoundError } from '@tfbench/domain/errors';
import type { Verdict } from '@tfbench/domain/statistics';
import { DEFAULT_COMPARE_SEED } from '@tfbench/domain/statistics';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { type CompareRunRow, selectCompareRuns } from '../repositories/run-analytics.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { IssueList } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type AttainmentComparison, compareAttainment } from './compare-attainment.js';
import { compareRunRows, type RowComparison } from './compare-run-rows.js';
import { filterOfSampleRef, parseSampleRef, type SampleRef } from './sample-ref.js';

/** Most runs read per side (the newest). */
export const MAX_COMPARE_RUNS = 20_000;

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

export interface SampleComparison extends RowComparison {
  a: CompareSide;
  b: CompareSide;
  /** Runs meeting the SLO (a benchmark side's slo) / runs with an outcome; null without an SLO. */
  attainment: AttainmentComparison | null;
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

  const rows = compareRunRows(usedA, usedB, { alpha, seed });
  const attainment = await compareAttainment(deps.db.db, sides, [usedA, usedB], alpha);
  return {
    a: side(sides[0], rowsA as CompareRunRow[]),
    b: side(sides[1], rowsB as CompareRunRow[]),
    ...rows,
    attainment,
    verdict: withAttainment(rows.verdict, attainment),
  };
}

/** The rows' overall verdict, with the SLO attainment counted as one more figure. */
function withAttainment(verdict: Verdict, attainment: AttainmentComparison | null): Verdict {
  if (!attainment || verdict === 'regressed') return verdict;
  if (attainment.verdict === 'regressed') return 'regressed';
  return attainment.verdict === 'improved' ? 'improved' : verdict;
}
