/**
 * THE HOOK POINT between the run engine and benchmarks / schedules (issue 4 items 5 and 6).
 * The engine calls these and nothing else of those features; documented in
 * /work/notes/engine-hooks.md. Fill `engineExtensions` below with the real implementations
 * (e.g. `admitRun: (ctx, run, signal) => admitBenchmarkRun(benchmarkDeps(ctx), run, { signal })`);
 * everything else in the engine stays as it is.
 *
 * Every hook receives the EngineContext, which carries db, queue, limiter, bus and logger.
 */
import type { Run } from '../db/schema.js';
import type { JobContext } from '../queue/index.js';
import type { EngineContext, RunAdmission } from './types.js';

/** A background loop started in every worker process (and in the embedded API). */
export interface BackgroundLoop {
  stop(): Promise<void>;
}

export interface EngineExtensions {
  /**
   * Called by executeRun before it claims a pending run. Benchmark runs may wait here for a
   * slot of their benchmark's cross-process concurrency cap, or be refused (dropped
   * arrival; the hook then records the run's final status itself). `release()` is called
   * once the run's outcome is stored (or the claim lost a race).
   */
  admitRun(ctx: EngineContext, run: Run, signal: AbortSignal | undefined): Promise<RunAdmission>;
  /**
   * Called after every terminal transition of a run (completed, failed, timeout, cancelled;
   * recovery and shutdown included) and again when a job finds its run already terminal.
   * Must be idempotent. A throw is logged; the run stays recorded.
   */
  afterRunFinished(ctx: EngineContext, run: Run): Promise<void>;
  /** The `benchmark.drive` job; without it no handler is registered for that job. */
  driveBenchmark?(ctx: EngineContext, benchmarkId: number, job: JobContext): Promise<void>;
  /** The `schedule.tick` job; without it no handler is registered for that job. */
  handleScheduleTick?(
    ctx: EngineContext,
    payload: { scenario_id: number; tick_at: string },
    job: JobContext,
  ): Promise<void>;
  /** Started with every worker (and the embedded API's worker), stopped before the queue closes. */
  startScheduler?(ctx: EngineContext): BackgroundLoop;
}

/** Admit at once: runs outside a benchmark, and every run until benchmarks plug in. */
export const ADMITTED: RunAdmission = { admitted: true, release: async () => {} };

export const engineExtensions: EngineExtensions = {
  admitRun: async () => ADMITTED,
  afterRunFinished: async () => {},
};
