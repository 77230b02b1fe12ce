/**
 * The provider interface: how the engine asks for a run to be executed and measured, and
 * the shapes it gets back. Pure types and tiny helpers; no I/O, no database. Providers
 * (packages/tinyfish, an OpenAI-compatible one, ...) implement {@link Provider}.
 */
export {
  type ExecuteRequest,
  isCompleted,
  type Provider,
  type StoredEventStamp,
  streamRun,
  type UpstreamCredentials,
  type UpstreamRunRequest,
} from './provider.js';
export {
  DEFAULT_RUN_SETTINGS,
  type ResolvedRunSettings,
  type RunSettings,
  resolveRunSettings,
  runSettingsSchema,
} from './settings.js';
export type { OutputTokensSource, TokenMetrics, TokenTimeline } from './token-metrics.js';
export {
  type CancelResult,
  type FinalRunStatus,
  METRIC_DEFINITIONS_VERSION,
  type ReconcileResult,
  type RunAttempt,
  type RunError,
  type RunMetrics,
  type RunOutcome,
  type TimedEvent,
  type UpstreamCancel,
  type UpstreamIdentity,
} from './types.js';
