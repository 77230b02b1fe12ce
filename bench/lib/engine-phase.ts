/**
 * One engine variant's measured phases, whatever its wiring: the closed-loop benchmark
 * through the product's path, then (unless switched off) an open-arrival benchmark at a
 * fraction of the rate the closed loop reached, on the same runtime and database; for each,
 * the resources it cost and the runs table's account of it.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_LAG_S } from '@tfbench/core/benchmarks';
import type { DatabaseHandle } from '@tfbench/core/db';
import type { JobQueue } from '@tfbench/core/queue';
import type { Logger } from '@tfbench/runtime';
import { type BenchmarkLoad, type BenchmarkOutcome, runBenchmarkToEnd } from './engine-benchmark.js';
import { LoopDelayMonitor } from './loop-delay.js';
import {
  type OpenLoad,
  type OpenSettings,
  type OpenTimings,
  planOpenLoad,
  readOpenRunInstants,
  summarizeOpenRuns,
} from './open-arrival.js';
import { type PostgresFigures, type PostgresSample, postgresDelta } from './postgres-stats.js';
import { type ResourceFigures, startMeter } from './resource-meter.js';
import { type EngineTimings, readRunInstants, summarizeRunInstants } from './run-timings.js';
import { runTimerBaseline, type TimerBaseline } from './timer-baseline.js';

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
  /** CPU of the Redis server during the phase, ms; null without Redis or when it is not on this machine. */
  redisCpuMs: number | null;
  /** Measured runs + warm-ups: what the CPU figures are divided by. */
  runsExecuted: number;
}

/**
 * The open-arrival phase: `timings` with each run's due instant in place of its dispatch
 * (bench/lib/open-arrival.ts), and the schedule's own figures.
 */
export interface OpenEnginePhase extends EnginePhase {
  load: OpenLoad;
  open: OpenTimings;
  /** A bare setTimeout scheduler on the same timeline, run alongside in this process. */
  timers: TimerBaseline;
}

/** A variant's phases: the closed loop, then the open arrivals or why they did not run. */
export interface VariantResult {
  closed: EnginePhase;
  open: OpenEnginePhase | null;
  /** Why there is no open phase though one was asked for; null otherwise. */
  openSkipped: string | null;
}

export interface EnginePhaseOptions {
  runs: number;
  concurrency: number;
  warmupRuns: number;
  deadline: number;
  logger: Logger;
  mockCpuMs: () => number | null;
  /** The open-arrival phase after the closed one; null: none. */
  open: OpenSettings | null;
  /** Called with the closed phase as soon as it is measured, before the open phase starts. */
  onClosed?: (phase: EnginePhase) => void;
}

/** How the variant is wired: what the phases run on. */
interface VariantWiring {
  variant: EngineVariant;
  setup: string;
  db: DatabaseHandle;
  queue: Pick<JobQueue, 'enqueue'>;
  scenarioId: number;
  /** CPU of the spawned workers so far, ms; null when there are none. */
  workerCpuMs: () => number | null;
  /** CPU of the Redis server so far, ms; absent without Redis, null when it cannot be read. */
  redisCpuMs?: () => number | null;
  /** Counters of the PostgreSQL database; absent on PGlite. */
  samplePostgres?: () => Promise<PostgresSample>;
}

/** Runs the closed phase and then the open one on an engine that is up, and measures both. */
export async function measureVariant(options: EnginePhaseOptions & VariantWiring): Promise<VariantResult> {
  const closedLoad: BenchmarkLoad = {
    arrival: 'closed',
    runs: options.runs,
    concurrency: options.concurrency,
    warmupRuns: options.warmupRuns,
  };
  const closedRun = await measureBenchmark(options, closedLoad);
  const closed: EnginePhase = {
    ...closedRun,
    timings: summarizeRunInstants(await readRunInstants(options.db, closedRun.outcome.benchmarkId)),
  };
  options.onClosed?.(closed);
  if (!options.open) return { closed, open: null, openSkipped: null };

  const load = planOpenLoad(options.open, closed.timings.runsPerSecond);
  if ('skipped' in load) return { closed, open: null, openSkipped: load.skipped };
  if (performance.now() > options.deadline)
    return { closed, open: null, openSkipped: 'the time budget (--max-seconds) was spent' };
  // The bare timers start with the benchmark, so both timelines see the same load.
  const [openRun, timers] = await Promise.all([
    measureBenchmark(options, load),
    runTimerBaseline({ ratePerS: load.ratePerS, count: load.runs }),
  ]);
  const { timings, open } = summarizeOpenRuns(
    await readOpenRunInstants(options.db, openRun.outcome.benchmarkId),
  );
  const basis = load.ofClosed
    ? `${Math.round(load.ofClosed.fraction * 100)} % of the closed phase's ${load.ofClosed.closedRunsPerSecond.toFixed(1)} runs/s`
    : 'fixed by --open-rate';
  return {
    closed,
    open: {
      ...openRun,
      setup: `constant arrivals at ${load.ratePerS} runs/s (${basis}), ${load.runs} runs, benchmark concurrency ${load.concurrency}, max_lag_s ${DEFAULT_MAX_LAG_S} (the default), no warm-up; the same runtime, database and workers as the closed phase`,
      timings,
      load,
      open,
      timers,
    },
    openSkipped: null,
  };
}

/** Runs one benchmark and measures what it cost; the runs table is read by the caller. */
async function measureBenchmark(
  options: EnginePhaseOptions & VariantWiring,
  load: BenchmarkLoad,
): Promise<Omit<EnginePhase, 'timings'>> {
  const postgres0 = await options.samplePostgres?.();
  const worker0 = options.workerCpuMs();
  const redis0 = options.redisCpuMs?.() ?? null;
  const loopDelay = new LoopDelayMonitor();
  const meter = startMeter(loopDelay, options.mockCpuMs);
  const outcome = await runBenchmarkToEnd({ ...options, load });
  const resources = meter.stop();
  const worker1 = options.workerCpuMs();
  const redis1 = options.redisCpuMs?.() ?? null;
  const postgres1 = await options.samplePostgres?.();
  return {
    variant: options.variant,
    setup: options.setup,
    outcome,
    resources,
    loopDelayMs: { p99: loopDelay.percentileMs(99), max: loopDelay.maxMs },
    workerCpuMs: worker0 === null || worker1 === null ? null : worker1 - worker0,
    postgres: postgres0 && postgres1 ? postgresDelta(postgres0, postgres1) : null,
    redisCpuMs: redis0 === null || redis1 === null ? null : redis1 - redis0,
    runsExecuted: load.runs + (load.arrival === 'closed' ? load.warmupRuns : 0),
  };
}
