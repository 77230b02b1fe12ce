/** The API as a library: `buildApp(deps)` returns the Fastify instance. */
export { type AppDeps, buildApp } from './app.js';
export { type ErrorBody, errorBody } from './http/error-handler.js';
export { BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MS } from './http/limits.js';
export { DOCS_PREFIX, OPENAPI_PATH } from './http/openapi.js';
