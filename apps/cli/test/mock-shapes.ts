/** Benchmark files whose mock runs have a fixed shape, for tests that compare two benchmarks. */
import { ISSUE_BENCH_YAML } from './harness.js';

/** The issue's file with runs of a fixed shape: `stepMs` sets how long each takes. */
export function benchWithSteps(stepMs: number, iterations = 12): string {
  return `${ISSUE_BENCH_YAML.replace('iterations: 20', `iterations: ${iterations}`).replace('concurrency: 5', 'concurrency: 4')}  inputs_override: {mock: {outcome: COMPLETED, started_delay_ms: 10, streaming_url_delay_ms: 5, steps: 2, step_delay_ms: ${stepMs}}}\n`;
}
