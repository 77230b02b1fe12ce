/**
 * One benchmark (closed or constant arrival) through the product's own path, as
 * `POST /api/v1/benchmarks` does it: an automation and scenario created by the services,
 * `createBenchmark` (all runs stored pending, the driver's job enqueued), then whichever
 * process executes runs takes it from there. The bench only watches the benchmark row until
 * it has finished.
 */
import { performance } from 'node:perf_hooks';
import { cancelBenchmark, createBenchmark } from '@tfbench/core/benchmarks';
import type { DatabaseHandle } from '@tfbench/core/db';
import type { JobQueue, Logger } from '@tfbench/core/queue';
import { selectBenchmarkById } from '@tfbench/core/repositories';
import { createAutomation, createScenario } from '@tfbench/core/services';
import { BENCH_RUN_INPUTS } from './bare-client-phase.js';

const POLL_MS = 100;
/** A run of the zero-delay model takes milliseconds; this only bounds a stuck one. */
const RUN_TIMEOUT_S = 60;

/** An automation and a scenario whose runs send the same inputs as the bare client. */
export async function seedBenchScenario(db: DatabaseHandle): Promise<number> {
  const automation = await createAutomation(
    { db },
    { name: 'engine throughput bench', config: { mode: 'sse' } },
  );
  const scenario = await createScenario(
    { db },
    {
      name: 'zero-delay run',
      automation_id: automation.id,
      inputs_template: { ...BENCH_RUN_INPUTS },
    },
  );
  return scenario.id;
}

export interface BenchmarkOutcome {
  benchmarkId: number;
  /** The benchmark's final status, or its status when the time budget ran out. */
  status: string;
  finished: boolean;
  /** createBenchmark until the bench saw it finished (warm-ups included), ms. */
  observedMs: number;
}

/**
 * How the benchmark's runs arrive: a closed loop of `concurrency` (with warm-ups first), or
 * constant arrivals at `ratePerS` under a cap of `concurrency`.
 */
export type BenchmarkLoad =
  | { arrival: 'closed'; runs: number; concurrency: number; warmupRuns: number }
  | { arrival: 'constant'; runs: number; concurrency: number; ratePerS: number };

/**
 * Creates the benchmark and waits until it has finished or `deadline` (performance.now())
 * passes; then it is cancelled, so the runs still pending never start.
 */
export async function runBenchmarkToEnd(options: {
  db: DatabaseHandle;
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
  scenarioId: number;
  load: BenchmarkLoad;
  deadline: number;
}): Promise<BenchmarkOutcome> {
  const { db, load } = options;
  const started = performance.now();
  const created = await createBenchmark(
    { db, queue: options.queue, logger: options.logger },
    {
      scenario_id: options.scenarioId,
      name: `engine throughput bench (${load.arrival})`,
      iterations: load.runs,
      concurrency: load.concurrency,
      ...(load.arrival === 'closed'
        ? { arrival: 'closed', warmup_runs: load.warmupRuns }
        : // The runtime is warm from the closed phase; max_lag_s stays the product's default.
          { arrival: 'constant', rate_per_s: load.ratePerS, warmup_runs: 0 }),
      timeout_s: RUN_TIMEOUT_S,
      thresholds: [],
    },
  );
  for (;;) {
    const benchmark = await selectBenchmarkById(db.db, created.id);
    if (!benchmark) throw new Error(`benchmark ${created.id} disappeared`);
    if (benchmark.finished_at) {
      return {
        benchmarkId: created.id,
        status: benchmark.status,
        finished: true,
        observedMs: performance.now() - started,
      };
    }
    if (performance.now() > options.deadline) {
      await cancelBenchmark({ db, logger: options.logger }, created.id).catch(() => undefined);
      return {
        benchmarkId: created.id,
        status: benchmark.status,
        finished: false,
        observedMs: performance.now() - started,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
