/** The CLI as a library: the same functions `tfbench` runs. */
export { ApiClient, type ApiClientOptions } from './api-client.js';
export { type BenchFile, benchFile } from './bench-file-schema.js';
export { type ConfigFiles, loadConfigFiles } from './config-files.js';
export { configText, splitByAutomation } from './config-text.js';
export { CliError, EXIT, type ExitCode, UsageError } from './errors.js';
export { fileJsonSchema } from './file-json-schema.js';
export type { CliIo } from './io.js';
export { type LoadedBenchFile, loadBenchFile } from './load-bench-file.js';
export { type LocalServer, type LocalServerOptions, startLocalServer } from './local-server.js';
export { main } from './main.js';
export { type RunResult, runResult } from './run-result.js';
