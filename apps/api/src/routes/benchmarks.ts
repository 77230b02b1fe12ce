/**
 * /api/v1/benchmarks: create, list, read (with live summary) and cancel benchmarks. Each
 * handler is one core call.
 */

import * as wire from '@tfbench/contract';
import {
  BENCHMARK_LIMITS,
  type BenchmarkDeps,
  cancelBenchmark,
  createBenchmark,
  getBenchmark,
  listBenchmarks,
  liveWorkerCapacity,
  rerunBenchmark,
} from '@tfbench/core/benchmarks';
import type { Engine } from '@tfbench/core/engine';
import { benchmarkStarter, benchmarkStartResponses } from './benchmark-start.js';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';
import { stateChangeResponses } from './state-change.js';

export const benchmarkRoutes = routePlugin('benchmarks', (app, { route, services, deps }) => {
  // The engine's part (queue, limiter, bus, cancel) when this process has one.
  const engine = deps.engine ? benchmarkDepsOf(deps.engine) : undefined;
  // A worker silent for one run lock duration is gone (the engine's own rule for its runs).
  const staleAfterMs = deps.config.engine.lockDurationMs;
  const startDeps = benchmarkStarter(deps);

  const benchmarks = crudRoutes(app, 'benchmarks', wire.benchmark);
  benchmarks.list(
    {
      summary: 'List benchmarks',
      description: `Newest first, with counts and progress; the summary of finished ones. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: wire.benchmarkListQuery,
      page: 'A page of benchmarks.',
    },
    (query) => listBenchmarks(services, query),
  );

  app.get(
    '/capacity',
    route('viewer', {
      summary: "The live workers' capacity",
      description:
        'Runs all live workers execute at once: a benchmark asking for more concurrency gets a warning, or a 409 with strict_capacity.',
      response: { 200: wire.workerCapacity.meta({ description: 'Capacity now.' }), ...wire.readErrors },
    }),
    async () => ({
      ...(await liveWorkerCapacity(deps.db.db, staleAfterMs)),
      max_concurrency: BENCHMARK_LIMITS.maxConcurrency,
    }),
  );

  benchmarks.get(
    {
      summary: 'Get a benchmark',
      description:
        'Status, runs per status, progress and the summary over the measured runs (computed live while it runs), and the threshold results once it finished.',
      found: 'The benchmark.',
    },
    (id) => getBenchmark(services, id),
  );

  app.post(
    '',
    route(
      'runner',
      {
        summary: 'Create and start a benchmark',
        description:
          'Stores the benchmark and all its runs (warm-ups first) as pending in one transaction, then queues its driver. ' +
          'rate_per_s is required for constant and poisson arrivals and refused for closed. ' +
          "A concurrency above the live workers' capacity is a warning in `warnings`, or with strict_capacity a 409 (code CAPACITY_EXCEEDED) naming both numbers before anything is stored.",
        body: wire.benchmarkCreate,
        response: benchmarkStartResponses(wire.createdBenchmark, 'Created.'),
      },
      { queuesRuns: true },
    ),
    async (request, reply) => reply.code(201).send(await createBenchmark(startDeps(request), request.body)),
  );

  app.post(
    '/:id/rerun',
    route(
      'runner',
      {
        summary: 'Re-run a benchmark',
        description:
          'Creates and starts a new benchmark of the same scenario with the same name and settings ' +
          '(iterations, concurrency, arrival, rate, warm-ups, duration, timeout, inputs_override, thresholds, seed). ' +
          'The original may be in any state and is left as it is. The body is optional; `name` renames the new one.',
        params: wire.idParams,
        body: wire.benchmarkRerun.nullish(),
        response: {
          201: wire.benchmark.meta({ description: 'The new benchmark.' }),
          ...wire.writeErrors,
          ...wire.spendingErrors,
        },
      },
      { queuesRuns: true },
    ),
    async (request, reply) =>
      reply.code(201).send(await rerunBenchmark(startDeps(request), request.params.id, request.body ?? {})),
  );

  app.post(
    '/:id/cancel',
    route('runner', {
      summary: 'Cancel a benchmark',
      description:
        'Pending runs are cancelled at once; runs in flight are cancelled upstream by their workers. ' +
        'The summary covers what ran. 409 when the benchmark already completed.',
      params: wire.idParams,
      response: stateChangeResponses(wire.benchmark, 'The benchmark, now cancelled.'),
    }),
    async (request) => cancelBenchmark(engine ?? services, request.params.id),
  );
});

/** The benchmark engine's dependencies, taken from the process's run engine. */
function benchmarkDepsOf(engine: Engine): BenchmarkDeps {
  const { db, queue, enqueueRun, limiter, bus, logger } = engine.context;
  return {
    db,
    queue,
    enqueueRun,
    limiter,
    bus,
    logger,
    cancelRun: (runId, reason) => engine.cancelRun({ run_id: runId, reason }),
  };
}
