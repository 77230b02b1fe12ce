import { NotFoundError } from '@tfbench/domain/errors';
import { selectBenchmarkRowResults } from '../repositories/benchmark-summary.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { requireExistingId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';

/**
 * A benchmark over a dataset, sliced per row: for each row its measured runs, outcomes,
 * success rate and p50/p95 total time, so slow or failing prompts stand out. Empty for a
 * benchmark without a dataset; 404 for an unknown benchmark.
 */
export async function getBenchmarkRowResults(deps: CoreDeps, id: number) {
  const benchmarkId = requireExistingId('benchmark', id);
  if (!(await selectBenchmarkById(deps.db.db, benchmarkId)))
    throw new NotFoundError('benchmark', benchmarkId);
  return selectBenchmarkRowResults(deps.db.db, benchmarkId);
}
