/**
 * The product-defaults phase of the engine bench: what a new user gets with
 * nothing configured. Unlike the variants, which size their workers themselves
 * (`WORKER_CONCURRENCY` = the bench's concurrency) and call a mock process through the live
 * client, this phase opens the runtime exactly as `npm run start:api` does: PGlite in a fresh
 * folder, the in-process queue and worker, mock mode with its in-process mock, and every
 * setting at its default. It then runs the benchmark: constant arrivals of 60 runs/s,
 * concurrency 200, runs of about 130 ms, and reads drops and schedule lag from the summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cancelBenchmark, createBenchmark, getBenchmark, liveWorkerCapacity } from '@tfbench/core/benchmarks';
import { loadConfig } from '@tfbench/core/config';
import type { DatabaseHandle } from '@tfbench/core/db';
import type { JobQueue } from '@tfbench/core/queue';
import { selectBenchmarkById } from '@tfbench/core/repositories';
import { createAutomation, createScenario } from '@tfbench/core/services';
import type { Logger } from '@tfbench/runtime';
import { createRuntime, ResourceScope } from '@tfbench/runtime';

/** About 130 ms at the mock: STARTED after 30 ms, STREAMING_URL, three steps 30 ms apart. */
export const RUN_130_MS = {
  started_delay_ms: 30,
  streaming_url_delay_ms: 10,
  steps: 3,
  step_delay_ms: 30,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

/** The benchmark. */
export const PRODUCT_DEFAULTS_LOAD = { ratePerS: 60, concurrency: 200, runs: 600 } as const;

export interface ProductDefaultsResult {
  /** WORKER_CONCURRENCY as the default sized it on this machine. */
  workerConcurrency: number;
  /** The live workers' capacity the benchmark was admitted against. */
  capacity: number;
  /** Capacity warnings of the create response (empty: the workers can hold it). */
  warnings: string[];
  runs: number;
  ratePerS: number;
  concurrency: number;
  finished: boolean;
  verdict: string | null;
  droppedRuns: number | null;
  runsSent: number | null;
  lagMs: { p50: number | null; p99: number | null; max: number | null };
  totalDurationP50Ms: number | null;
  observedS: number;
  /** CPU of this process (the whole product: API, engine, database, mock) per measured run. */
  cpuMsPerRun: number;
  /** Load average (1 min) when the measured benchmark began and when it ended. */
  load: [number, number];
}

const POLL_MS = 250;

async function waitForEnd(
  db: DatabaseHandle,
  logger: Logger,
  benchmarkId: number,
  deadline: number,
): Promise<boolean> {
  for (;;) {
    const row = await selectBenchmarkById(db.db, benchmarkId);
    if (row?.finished_at) return true;
    if (performance.now() > deadline) {
      await cancelBenchmark({ db, logger }, benchmarkId).catch(() => undefined);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function runProductDefaultsPhase(options: {
  runs: number;
  deadline: number;
  logger: Logger;
  parentScope: ResourceScope;
}): Promise<ProductDefaultsResult> {
  const scope = options.parentScope.adopt('product-defaults phase', new ResourceScope(options.logger), (s) =>
    s.close(),
  );
  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tfbench-bench-defaults-'));
    scope.adopt('PGlite data folder', dataDir, (dir) => rm(dir, { recursive: true, force: true }));
    // Only where the data goes and how much is logged: everything else is the product's default.
    const config = loadConfig({ TFBENCH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const runtime = scope.adopt(
      'product-defaults runtime',
      await createRuntime(config, { role: 'all', logger: options.logger }),
      (r) => r.close(),
    );
    const { db, queue } = runtime;
    const automation = await createAutomation({ db }, { name: 'product defaults bench' });
    const scenario = await createScenario(
      { db },
      {
        name: '130 ms mock run',
        automation_id: automation.id,
        inputs_template: { url: 'https://example.com', goal: 'Find the title', mock: { ...RUN_130_MS } },
      },
    );
    const deps = { db, queue: queue as Pick<JobQueue, 'enqueue'>, logger: options.logger };
    // Unmeasured: the first runs of a cold process (JIT, PGlite's first statements) are slower.
    const warm = await createBenchmark(deps, {
      scenario_id: scenario.id,
      name: 'product defaults warm-up',
      iterations: 200,
      concurrency: PRODUCT_DEFAULTS_LOAD.concurrency,
    });
    await waitForEnd(db, options.logger, warm.id, options.deadline);

    const capacity = await liveWorkerCapacity(db.db, config.engine.lockDurationMs);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const loadBefore = os.loadavg()[0] ?? 0;
    const created = await createBenchmark(
      { ...deps, workerStaleAfterMs: config.engine.lockDurationMs },
      {
        scenario_id: scenario.id,
        name: 'product defaults: 60 runs/s, concurrency 200',
        iterations: options.runs,
        concurrency: PRODUCT_DEFAULTS_LOAD.concurrency,
        arrival: 'constant',
        rate_per_s: PRODUCT_DEFAULTS_LOAD.ratePerS,
      },
    );
    const finished = await waitForEnd(db, options.logger, created.id, options.deadline);
    const cpu = process.cpuUsage(cpuBefore);
    const view = await getBenchmark({ db }, created.id);
    const lag = view.summary?.schedule?.lag_ms;
    return {
      workerConcurrency: config.engine.workerConcurrency,
      capacity: capacity.concurrency,
      warnings: created.warnings.map((w) => w.message),
      runs: options.runs,
      ratePerS: PRODUCT_DEFAULTS_LOAD.ratePerS,
      concurrency: PRODUCT_DEFAULTS_LOAD.concurrency,
      finished,
      verdict: view.verdict,
      droppedRuns: view.summary?.schedule?.dropped_runs ?? null,
      runsSent: view.summary?.success_rate.n ?? null,
      lagMs: { p50: lag?.p50 ?? null, p99: lag?.p99 ?? null, max: lag?.max ?? null },
      totalDurationP50Ms: view.summary?.total_duration_ms.p50 ?? null,
      observedS: (performance.now() - started) / 1000,
      cpuMsPerRun: (cpu.user + cpu.system) / 1000 / options.runs,
      load: [loadBefore, os.loadavg()[0] ?? 0],
    };
  } finally {
    await scope.close();
  }
}

const ms = (v: number | null): string => (v === null ? 'none' : `${v.toFixed(1)} ms`);

/** The phase's result as the lines the bench prints. */
export function formatProductDefaults(r: ProductDefaultsResult): string {
  return [
    'Product defaults (embedded, mock mode, nothing configured):',
    `  WORKER_CONCURRENCY default ${r.workerConcurrency}; live workers' capacity ${r.capacity}; warnings: ${r.warnings.length === 0 ? 'none' : r.warnings.join(' | ')}`,
    `  load: ${r.runs} runs, constant ${r.ratePerS} runs/s, concurrency ${r.concurrency}, runs of ~130 ms (mock model ${JSON.stringify(RUN_130_MS)})`,
    `  ${r.finished ? 'finished' : 'NOT finished before --max-seconds'} in ${r.observedS.toFixed(1)} s; verdict ${r.verdict ?? 'none'}; CPU ${r.cpuMsPerRun.toFixed(2)} ms per run (${((r.cpuMsPerRun * r.ratePerS) / 10).toFixed(0)} % of a core at the rate); load average ${r.load[0].toFixed(1)} -> ${r.load[1].toFixed(1)}`,
    `  dropped runs ${r.droppedRuns ?? 'none'}; runs sent ${r.runsSent ?? 'none'}; schedule lag p50 ${ms(r.lagMs.p50)}, p99 ${ms(r.lagMs.p99)}, max ${ms(r.lagMs.max)}; total duration p50 ${ms(r.totalDurationP50Ms)}`,
  ].join('\n');
}
