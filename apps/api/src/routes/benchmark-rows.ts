/** /api/v1/benchmarks/{id}/rows: a dataset benchmark's results per dataset row. */
import { benchmarkRowResult, idParams, readErrors } from '@tfbench/contract';
import { getBenchmarkRowResults } from '@tfbench/core/benchmarks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { routeDeclarer } from './declare.js';

export const benchmarkRowRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('benchmarks');
  app.get(
    '/:id/rows',
    route('viewer', {
      summary: "A dataset benchmark's results per dataset row",
      description:
        'For each dataset row its measured runs, outcomes, success rate and p50/p95 of total time (completed runs), rows in order; empty for a benchmark without a dataset.',
      params: idParams,
      response: {
        200: z.array(benchmarkRowResult).meta({ description: 'One element per row used.' }),
        ...readErrors,
      },
    }),
    async (request) => getBenchmarkRowResults({ db: deps.db }, request.params.id),
  );
};
