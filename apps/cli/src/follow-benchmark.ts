/**
 * Wait for a benchmark to end by reading it from the API at an interval, telling `onProgress`
 * each time (the summary is live while it runs).
 */
import type { Benchmark } from '@tfbench/contract';
import type { ApiClient } from './api-client.js';

const ENDED = new Set<Benchmark['status']>(['completed', 'failed', 'cancelled']);

export interface FollowOptions {
  intervalMs: number;
  onProgress(benchmark: Benchmark): void;
  /** Aborting stops following (the caller cancels the benchmark if it wants to). */
  signal?: AbortSignal;
}

export async function followBenchmark(
  client: ApiClient,
  id: number,
  options: FollowOptions,
): Promise<Benchmark> {
  for (;;) {
    const benchmark = await client.getBenchmark(id);
    options.onProgress(benchmark);
    // The verdict is written with the final status; wait for both so the result is complete.
    if (ENDED.has(benchmark.status)) return benchmark;
    if (options.signal?.aborted) return benchmark;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
