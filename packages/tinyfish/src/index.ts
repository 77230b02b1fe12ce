/**
 * @tfbench/tinyfish: the TinyFish Automation API client, implementing the Provider
 * interface of @tfbench/domain/provider, with its SSE parser, error taxonomy and retry policy.
 */
export { cancelRun, reconcileRun } from './cancel.js';
export {
  createTinyFishProvider,
  TINYFISH_MODES,
  type TinyFishClientOptions,
  type TinyFishMode,
  type TinyFishProvider,
} from './client.js';
export {
  CLIENT_TIMEOUT_CODES,
  errorFromHttpResponse,
  errorFromRunFailure,
  networkError,
  Redactor,
  runError,
  TINYFISH_ERROR_CODES,
  type TinyFishErrorCode,
} from './errors.js';
export { PROVIDER_ID } from './outcome.js';
export { buildRunBody, RUN_BODY_FIELDS } from './request-body.js';
export { backoffMs, isRetryableNetworkCause, isRetryableStatus, retryAfterMs, retryWaitMs } from './retry.js';
export type { TinyFishLogger } from './run/session.js';
export { parseRunSnapshot, type RunSnapshot, serverDurationMs } from './run-object.js';
export * from './sse/index.js';
export { type MonotonicClock, performanceClock } from './timing/clock.js';
export { type DelayWindow, EventLoopSampler, sharedEventLoopSampler } from './timing/event-loop-sampler.js';
