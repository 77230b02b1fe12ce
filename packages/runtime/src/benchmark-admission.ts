/**
 * The engine's admission policy with benchmarks: a benchmark run waits for a slot of its
 * benchmark's cross-process concurrency cap, or is dropped (open arrivals past max_lag_s);
 * runs outside benchmarks start at once.
 */
import {
  admissionAfterClaim,
  admissionIgnoresRunRow,
  admitBenchmarkRun,
  BENCHMARK_RUN_ERROR_CODES,
  type BenchmarkDeps,
} from '@tfbench/core/benchmarks';
import { ADMITTED, type EngineContext, type RunAdmissionPolicy } from '@tfbench/core/engine';

export function benchmarkAdmission(ctx: EngineContext, deps: BenchmarkDeps): RunAdmissionPolicy {
  const benchmarkOf = async (benchmarkId: number) => (await ctx.parents.ofBenchmark(benchmarkId))?.benchmark;
  return {
    admitRun: async (run, signal, options) => {
      if (run.benchmark_id === null) return ADMITTED;
      const parents = await ctx.parents.ofBenchmark(run.benchmark_id);
      const claimed = options?.claimed === true;
      const admission = await admitBenchmarkRun(deps, run, {
        signal,
        benchmark: parents?.benchmark,
        claimed,
        ...(options?.mayTakeEarly ? { mayTakeEarly: options.mayTakeEarly } : {}),
      });
      if (admission.admitted) {
        const benchmarkId = run.benchmark_id;
        // The run has ended upstream and its outcome is about to be stored: its job may come
        // for the run that replaces it (see RunHandOver).
        const ending = () => deps.handOver?.expectTaker(benchmarkId, run.id);
        return { admitted: true, ending, release: admission.release };
      }
      if (!claimed) return { admitted: false };
      return {
        admitted: false,
        refusal:
          admission.reason === 'dropped'
            ? { code: BENCHMARK_RUN_ERROR_CODES.dropped, message: admission.message ?? 'arrival dropped' }
            : {
                code: BENCHMARK_RUN_ERROR_CODES.cancelled,
                message: 'the benchmark ended before the run was sent',
              },
      };
    },
    admitsAfterClaim: async (benchmarkId) => {
      const benchmark = await benchmarkOf(benchmarkId);
      return benchmark !== undefined && admissionAfterClaim(benchmark);
    },
    admitsWithoutRow: async (benchmarkId) => {
      if (benchmarkId === null) return true;
      const benchmark = await benchmarkOf(benchmarkId);
      return benchmark !== undefined && admissionIgnoresRunRow(benchmark);
    },
  };
}
