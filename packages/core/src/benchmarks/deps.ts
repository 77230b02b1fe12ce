import type { DatabaseHandle } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import type { EnqueueRun } from '../engine/enqueue-run.js';
import type { EventBus } from '../events/index.js';
import type { ConcurrencyLimiter, JobQueue, Logger } from '../queue/index.js';
import type { EndedRuns } from './ended-runs.js';
import type { RunHandOver } from './run-hand-over.js';

/**
 * What the benchmark engine needs, built once per process (the worker, the embedded API) and
 * passed to every function here. The engine's own context (`@tfbench/core/engine`) fits it.
 */
export interface BenchmarkDeps {
  db: DatabaseHandle;
  /** Where benchmark.drive jobs go. */
  queue: Pick<JobQueue, 'enqueue'>;
  /** How the benchmark's runs reach the queue (the engine's port). */
  enqueueRun: EnqueueRun;
  /**
   * The jobs of this process's runs that just ended and can execute the runs that replace
   * them (see run-hand-over.ts); without it every dispatched run goes to the queue.
   */
  handOver?: RunHandOver;
  /**
   * Closed-arrival runs of this process that have ended upstream while their outcome is being
   * stored (see ended-runs.ts); without it a run holds its slot until its outcome is stored.
   */
  endedRuns?: EndedRuns;
  /** The cross-process cap: key `benchmark-<id>`, limit = the benchmark's concurrency. */
  limiter: ConcurrencyLimiter;
  /** benchmark.progress events; optional because they are for live views only. */
  bus?: EventBus;
  logger?: Logger;
  /**
   * Cancels a running run upstream, from any process (the engine's cancelRun). Without it a
   * benchmark cancel flags the run (`cancel_requested_at`) and its worker cancels it when it
   * polls the flag.
   */
  cancelRun?: (runId: number, reason: string) => Promise<unknown>;
  /**
   * Called once when a benchmark completes (after its summary and thresholds are stored), by
   * the process whose step finished it: the alerts of scheduled benchmarks. Must not throw.
   */
  onBenchmarkFinished?: (benchmark: Benchmark) => Promise<void>;
}
