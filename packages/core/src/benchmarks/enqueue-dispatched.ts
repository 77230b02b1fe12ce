/**
 * Hand what a benchmark step claimed to the queue. A failed enqueue is logged, not retried
 * here: the claimed run is pending with dispatched_at set, which the engine's reconciler
 * re-enqueues.
 */
import type { BenchmarkDeps } from './deps.js';

/** Jobs per bulk enqueue: one Redis MULTI each, short enough for the queue's deadline. */
const BULK_SIZE = 250;
/** Without a bulk enqueue: enqueues in flight at once. */
const ENQUEUE_PARALLELISM = 32;

export async function enqueueDispatched(
  deps: Pick<BenchmarkDeps, 'enqueueRun' | 'logger'>,
  benchmarkId: number,
  dispatch: readonly { runId: number; delayMs: number; intendedStartMs?: number }[],
): Promise<void> {
  const jobs = dispatch.map(({ runId, delayMs, intendedStartMs }) => ({
    run_id: runId,
    benchmark_id: benchmarkId,
    delayMs,
    ...(intendedStartMs === undefined ? {} : { intended_start_ms: intendedStartMs }),
  }));
  const many = deps.enqueueRun.many;
  // A lone run (the steady state of a closed loop) goes the plain way.
  const chunk = many && jobs.length > 1 ? BULK_SIZE : ENQUEUE_PARALLELISM;
  for (let i = 0; i < jobs.length; i += chunk) {
    const slice = jobs.slice(i, i + chunk);
    if (many && slice.length > 1) {
      await many(slice).catch((error: unknown) =>
        deps.logger?.warn(
          { benchmark_id: benchmarkId, runs: slice.length, err: error },
          'could not enqueue benchmark runs',
        ),
      );
      continue;
    }
    await Promise.all(
      slice.map((job) =>
        deps
          .enqueueRun(job)
          .catch((error: unknown) =>
            deps.logger?.warn(
              { benchmark_id: benchmarkId, run_id: job.run_id, err: error },
              'could not enqueue a benchmark run',
            ),
          ),
      ),
    );
  }
}
