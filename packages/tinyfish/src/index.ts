/**
 * @tfbench/tinyfish: the TinyFish Automation API client, implementing the Provider
 * interface of @tfbench/domain/provider: TinyFish's request body, run modes, event
 * normalisation, run object and error codes, over the transport, SSE parser, clock and
 * retry policy of @tfbench/provider-kit.
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
  errorFromHttpResponse,
  errorFromRunFailure,
  TINYFISH_ERROR_CODES,
  type TinyFishErrorCode,
} from './errors.js';
export { PROVIDER_ID } from './outcome.js';
export { buildRunBody, RUN_BODY_FIELDS } from './request-body.js';
export type { TinyFishLogger } from './run/session.js';
export { parseRunSnapshot, type RunSnapshot, serverDurationMs } from './run-object.js';
export * from './sse/index.js';
