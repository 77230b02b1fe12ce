/**
 * What starting a benchmark needs, the same for every route that starts one (a request, a
 * re-run, a saved definition): the queue for its driver when this process has an engine, the
 * caller's iteration cap, and how long a silent worker still counts as capacity.
 */
import * as wire from '@tfbench/contract';
import { iterationCap } from '@tfbench/core/auth';
import type { CreateBenchmarkDeps } from '@tfbench/core/benchmarks';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppDeps } from '../deps.js';

export function benchmarkStarter(deps: AppDeps): (request: FastifyRequest) => CreateBenchmarkDeps {
  // A worker silent for one run lock duration is gone (the engine's own rule for its runs).
  const workerStaleAfterMs = deps.config.engine.lockDurationMs;
  return (request) => ({
    db: deps.db,
    queue: deps.engine?.context.queue,
    logger: request.log,
    maxIterations: iterationCap(request.principal, deps.config.auth.maxIterations),
    workerStaleAfterMs,
  });
}

/**
 * What a route that creates and starts a benchmark answers: 201 with it, or 409 when the
 * capacity rule refuses it, or the input and spending refusals every such route shares.
 */
export function benchmarkStartResponses(started: z.ZodType, description: string) {
  return {
    201: started.meta({ description }),
    409: wire.deleteErrors[409],
    ...wire.writeErrors,
    ...wire.spendingErrors,
  };
}
