/**
 * `@tfbench/core/sample-comparison`: comparing two samples of runs held in memory, which reads
 * no database. Its own entry point so that a command comparing files (`tfbench compare`, a
 * run's `--baseline FILE`) loads the statistics alone, not everything `@tfbench/core/reporting`
 * brings (repositories, exports, the report page).
 */

export {
  type ComparedMetric,
  type CompareRowsOptions,
  compareRunRows,
  type RowComparison,
  seededSample,
} from '../reporting/compare-run-rows.js';
export type { CompareRunRow } from '../repositories/run-analytics.js';
