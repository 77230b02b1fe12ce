/**
 * @tfbench/openai: the OpenAI-compatible streaming client, implementing the Provider
 * interface of @tfbench/domain/provider over the transport, SSE parser, clock, retry policy
 * and run context of @tfbench/provider-kit. The zod schemas of its config and inputs are
 * also exported alone from `@tfbench/openai/schemas`.
 */
export {
  errorFromErrorObject,
  errorFromHttpResponse,
  OPENAI_ERROR_CODES,
  type OpenAIErrorCode,
} from './errors.js';
export { PROVIDER_ID } from './outcome.js';
export { createOpenAIProvider, type OpenAIClientOptions, type OpenAIProvider } from './provider.js';
export { endpointUrl, prepareRequest } from './request.js';
export type { OpenAILogger } from './run/session.js';
export * from './schemas.js';
export { MAX_TIMELINE_STAMPS, sampleTimeline } from './stream/token-figures.js';
