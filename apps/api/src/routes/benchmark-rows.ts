/** /api/v1/benchmarks/{id}/rows: a dataset benchmark's results per dataset row. */
import * as wire from '@tfbench/contract';
import { getBenchmarkRowResults } from '@tfbench/core/benchmarks';
import { z } from 'zod';
import { routePlugin } from './declare.js';

export const benchmarkRowRoutes = routePlugin('benchmarks', (app, { route, services }) => {
  app.get(
    '/:id/rows',
    route('viewer', {
      summary: "A dataset benchmark's results per dataset row",
      description:
        'For each dataset row its measured runs, outcomes, success rate and p50/p95 of total time (completed runs), rows in order; empty for a benchmark without a dataset.',
      params: wire.idParams,
      response: {
        200: z.array(wire.benchmarkRowResult).meta({ description: 'One element per row used.' }),
        ...wire.readErrors,
      },
    }),
    async (request) => getBenchmarkRowResults(services, request.params.id),
  );
});
