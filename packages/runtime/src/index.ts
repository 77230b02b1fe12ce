/** `@tfbench/runtime`: one call that opens (and one that closes) everything a tfbench process needs. */
export {
  createRuntime,
  type Runtime,
  type RuntimeOptions,
  type RuntimeRole,
} from './create-runtime.js';
export { createLogger, type Logger, serializeLoggedError } from './logger.js';
export { ResourceScope } from './resource-scope.js';
export { type AlertSettings, alertSettingsOf, runFeatures } from './run-features.js';
export { type WireEngineOptions, wireEngine } from './wire-engine.js';
