/**
 * `@tfbench/core/engine`: the run engine. Executes runs from the queue, keeps them alive
 * across crashes and restarts, cancels them from any process. See docs/engine.md.
 */
export { RunCancelRequest } from './active-runs.js';
export { WRITE_LINGER_MS } from './batched-run-writes.js';
export { BatchedStep } from './batched-step.js';
export { type CancelRunParams, type CancelRunResult, cancelRun } from './cancel-run.js';
export {
  type CreateEngineOptions,
  createEngine,
  type Engine,
  engineSettingsFrom,
  type StartWorkerOptions,
} from './create-engine.js';
export { type DispatchDeps, dispatchRun, pendingRunJob } from './dispatch-run.js';
export { type EnqueueRun, type RunToEnqueue, runEnqueuer } from './enqueue-run.js';
export { type ExecuteRunOptions, executeRun } from './execute-run.js';
export {
  ADMIT_EVERY_RUN,
  ADMITTED,
  type AfterRunHandOver,
  type AfterRunHook,
  type BackgroundLoop,
  type EngineFeatures,
  type EngineFeaturesOf,
  type FeatureJob,
  type FeatureJobName,
  type RunAdmissionPolicy,
  type RunEndedHook,
} from './features.js';
export type { FinishTransactionStep } from './finish-step.js';
export { QUEUE_LEAD_MS, queueDelayFor } from './queue-lead.js';
export {
  type ReconcileOptions,
  type ReconcileReport,
  reconcileRuns,
  recoverOnStartup,
} from './reconciler.js';
export { type RecoverRunResult, recoverRun } from './recover-run.js';
export { CHAIN_WINDOW_MS, executeRunChain, type RunChainOptions } from './run-chain.js';
export { StepCoalescer } from './step-coalescer.js';
export type {
  AdmissionSubject,
  AdmitRunOptions,
  AfterRunContext,
  AfterRunResult,
  EngineContext,
  EngineSettings,
  ExecuteRunResult,
  HandedOverRun,
  ProviderRegistry,
  RunAdmission,
} from './types.js';
