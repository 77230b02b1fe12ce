import {
  evaluateThreshold,
  type RunSlo,
  type ThresholdEvaluation,
  ThresholdSyntaxError,
} from '@tfbench/domain/thresholds';
import type { Executor } from '../db/database.js';
import { selectBenchmarkThresholdRuns } from '../repositories/benchmark-summary.js';

/**
 * One stored threshold result: the evaluation, or why the expression could not be evaluated.
 * `built_in` marks a check tfbench adds itself (verdict.ts), not one the user wrote.
 */
export type BenchmarkThresholdResult = ThresholdEvaluation & { error?: string; built_in?: true };

/**
 * Evaluate a benchmark's threshold expressions over its measured runs (warm-ups excluded),
 * with the threshold language of `@tfbench/domain/thresholds` (docs/thresholds.md). Expressions
 * were checked at creation; one that no longer parses (the language changed) is reported as
 * failed with the parser's message rather than failing the whole benchmark.
 */
export async function evaluateBenchmarkThresholds(
  db: Executor,
  benchmarkId: number,
  thresholds: readonly string[],
  slo: RunSlo | null = null,
): Promise<BenchmarkThresholdResult[]> {
  if (thresholds.length === 0) return [];
  const runs = await selectBenchmarkThresholdRuns(db, benchmarkId);
  return thresholds.map((expression) => {
    try {
      return evaluateThreshold(expression, { runs, slo });
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      return { expression, observed: null, passed: false, n: 0, error: error.message };
    }
  });
}
