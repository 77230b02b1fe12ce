/**
 * `@tfbench/core/engine`: the run engine. Executes runs from the queue, keeps them alive
 * across crashes and restarts, cancels them from any process. See docs/engine.md.
 */
export { RunCancelRequest } from './active-runs.js';
export { type CancelRunParams, type CancelRunResult, cancelRun } from './cancel-run.js';
export {
  type CreateEngineOptions,
  createEngine,
  type Engine,
  engineSettingsFrom,
  type StartWorkerOptions,
} from './create-engine.js';
export { dispatchRun, enqueueRun } from './dispatch-run.js';
export { type ExecuteRunOptions, executeRun } from './execute-run.js';
export { ADMITTED, type BackgroundLoop, benchmarkDepsOf, type EngineExtensions } from './extensions.js';
export {
  type ReconcileOptions,
  type ReconcileReport,
  reconcileRuns,
  recoverOnStartup,
} from './reconciler.js';
export { type RecoverRunResult, recoverRun } from './recover-run.js';
export type {
  EngineContext,
  EngineSettings,
  ExecuteRunResult,
  ProviderRegistry,
  RunAdmission,
} from './types.js';
