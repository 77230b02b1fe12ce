/**
 * `@tfbench/core/benchmark-definitions`: saved benchmarks (a scenario and load settings under a
 * name), stored, changed and started through the same path as a benchmark request.
 */
export {
  type BenchmarkDefinitionInput,
  benchmarkRequestOf,
  createBenchmarkDefinition,
  definitionSettings,
  deleteBenchmarkDefinition,
  getBenchmarkDefinition,
  listBenchmarkDefinitions,
  updateBenchmarkDefinition,
} from './definition-service.js';
export { runBenchmarkDefinition } from './run-benchmark-definition.js';
