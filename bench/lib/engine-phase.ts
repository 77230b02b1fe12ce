/**
 * One engine variant's measured phase, whatever its wiring: the benchmark through the
 * product's path, the resources it cost, and the runs table's account of it.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import type { JobQueue } from '@tfbench/core/queue';
import type { Logger } from '@tfbench/runtime';
import { type BenchmarkOutcome, runBenchmarkToEnd } from './engine-benchmark.js';
import { LoopDelayMonitor } from './loop-delay.js';
import { type PostgresFigures, type PostgresSample, postgresDelta } from './postgres-stats.js';
import { type ResourceFigures, startMeter } from './resource-meter.js';
import { type EngineTimings, readRunInstants, summarizeRunInstants } from './run-timings.js';

export type EngineVariant = 'embedded' | 'pg';

export interface EnginePhase {
  variant: EngineVariant;
  /** How it was wired, for the report. */
  setup: string;
  outcome: BenchmarkOutcome;
  timings: EngineTimings;
  /** This process, the mock and the machine while the benchmark ran (warm-ups included). */
  resources: ResourceFigures;
  /**
   * Event-loop delay of this process, ms: the engine's own loop on the embedded default
   * (where PGlite, the engine and the client share it), the API's on PostgreSQL + Redis.
   */
  loopDelayMs: { p99: number; max: number };
  /** CPU of the spawned worker processes over the same span, ms; null without any. */
  workerCpuMs: number | null;
  /** The PostgreSQL server's share (commits, backend CPU); null on PGlite. */
  postgres: PostgresFigures | null;
  /** Measured runs + warm-ups: what the CPU figures are divided by. */
  runsExecuted: number;
}

export interface EnginePhaseOptions {
  runs: number;
  concurrency: number;
  warmupRuns: number;
  deadline: number;
  logger: Logger;
  mockCpuMs: () => number | null;
}

/** Runs the benchmark on an engine that is up and measures it. */
export async function measureEnginePhase(
  options: EnginePhaseOptions & {
    variant: EngineVariant;
    setup: string;
    db: DatabaseHandle;
    queue: Pick<JobQueue, 'enqueue'>;
    scenarioId: number;
    /** CPU of the spawned workers so far, ms; null when there are none. */
    workerCpuMs: () => number | null;
    /** Counters of the PostgreSQL database; absent on PGlite. */
    samplePostgres?: () => Promise<PostgresSample>;
  },
): Promise<EnginePhase> {
  const postgres0 = await options.samplePostgres?.();
  const worker0 = options.workerCpuMs();
  const loopDelay = new LoopDelayMonitor();
  const meter = startMeter(loopDelay, options.mockCpuMs);
  const outcome = await runBenchmarkToEnd(options);
  const resources = meter.stop();
  const worker1 = options.workerCpuMs();
  const postgres1 = await options.samplePostgres?.();
  const timings = summarizeRunInstants(await readRunInstants(options.db, outcome.benchmarkId));
  return {
    variant: options.variant,
    setup: options.setup,
    outcome,
    timings,
    resources,
    loopDelayMs: { p99: loopDelay.percentileMs(99), max: loopDelay.maxMs },
    workerCpuMs: worker0 === null || worker1 === null ? null : worker1 - worker0,
    postgres: postgres0 && postgres1 ? postgresDelta(postgres0, postgres1) : null,
    runsExecuted: options.runs + options.warmupRuns,
  };
}
