/**
 * `@tfbench/core/rollups`: incrementally maintained aggregates of finished runs per scenario
 * (and for all scenarios) per minute, hour and day, holding DDSketches of the latencies, so
 * that analytics over wide ranges never scan raw runs. The engine calls `addRunsToRollups`
 * after terminal transitions (batched per process); readers call `readTallies`. docs/performance.md explains
 * the design and the error bound (0.5 % relative on a percentile).
 */
export {
  ALL_SCENARIOS,
  addRunToDeltas,
  applyRunsToRollups,
  mergeDeltasIntoRollups,
  type RollupDeltas,
  rollupKeyId,
  rollupKeysOf,
} from './apply-runs.js';
export {
  ceilTo,
  coalescePieces,
  DAY_MS,
  decomposeRange,
  floorTo,
  HOUR_MS,
  MINUTE_MS,
  type RangePiece,
  RESOLUTION_MS,
} from './buckets.js';
export { markedByFinish, rollupsInFinish } from './finish-step.js';
export { forgetScenariosInRollups } from './forget-scenarios.js';
export { type ReadTalliesOptions, readTallies, type TallyMap } from './read-tallies.js';
export {
  addRunsToRollups,
  type RollUpPendingRunsOptions,
  type RollupDeps,
  recordRunInRollups,
  recordRunsInRollups,
  rollUpPendingRuns,
} from './record-run.js';
export {
  RunTally,
  SKETCHED_FIGURES,
  type SketchedFigure,
  type TallyRow,
  type TallyRun,
  UNKNOWN_ERROR_CODE,
} from './tally.js';
