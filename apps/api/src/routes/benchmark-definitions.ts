/**
 * /api/v1/benchmark-definitions: saved benchmarks (a scenario and load settings under a name).
 * Reading is a viewer's, saving and deleting an editor's (as scenarios), and starting one a
 * runner's, through the same path, role cap and spending check as POST /benchmarks. Each
 * handler is one core call.
 */
import * as wire from '@tfbench/contract';
import {
  createBenchmarkDefinition,
  deleteBenchmarkDefinition,
  getBenchmarkDefinition,
  listBenchmarkDefinitions,
  runBenchmarkDefinition,
  updateBenchmarkDefinition,
} from '@tfbench/core/benchmark-definitions';
import { z } from 'zod';
import { benchmarkStarter, benchmarkStartResponses } from './benchmark-start.js';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const benchmarkDefinitionRoutes = routePlugin('benchmarks', (app, { route, services, deps }) => {
  const startDeps = benchmarkStarter(deps);
  const definitions = crudRoutes(app, 'benchmarks', wire.benchmarkDefinition);

  definitions.list(
    {
      summary: 'List saved benchmark definitions',
      description: `Oldest first. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: wire.benchmarkDefinitionListQuery,
      page: 'A page of benchmark definitions.',
    },
    (query) => listBenchmarkDefinitions(services, query),
  );
  definitions.get({ summary: 'Get a saved benchmark definition', found: 'The definition.' }, (id) =>
    getBenchmarkDefinition(services, id),
  );
  definitions.create(
    {
      summary: 'Save a benchmark definition',
      description:
        'A name, a scenario and the fields POST /benchmarks takes, checked by the same rules; nothing is started. 404 naming scenario_id for an unknown scenario.',
      body: wire.benchmarkDefinitionCreate,
      errors: wire.namedWriteErrors,
    },
    (body) => createBenchmarkDefinition(services, body),
  );

  app.patch(
    '/:id',
    route('editor', {
      summary: 'Change a saved benchmark definition',
      description:
        'The fields sent replace the stored ones (null clears an optional setting); the result is checked as a new definition would be.',
      params: wire.idParams,
      body: wire.benchmarkDefinitionUpdate,
      response: { 200: wire.benchmarkDefinition.meta({ description: 'Updated.' }), ...wire.namedWriteErrors },
    }),
    async (request) => updateBenchmarkDefinition(services, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    route('editor', {
      summary: 'Delete a saved benchmark definition',
      description: 'The benchmarks it started stay.',
      params: wire.idParams,
      response: { 204: z.null().meta({ description: 'Deleted.' }), ...wire.readErrors },
    }),
    async (request, reply) => {
      await deleteBenchmarkDefinition(services, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/run',
    route(
      'runner',
      {
        summary: 'Start a saved benchmark definition',
        description:
          'Creates and starts a benchmark of its scenario with its name and settings, exactly as POST /benchmarks with that body would (same checks, iteration cap of the role, capacity rule and daily budget).',
        params: wire.idParams,
        response: benchmarkStartResponses(wire.createdBenchmark, 'The started benchmark.'),
      },
      { queuesRuns: true },
    ),
    async (request, reply) =>
      reply.code(201).send(await runBenchmarkDefinition(startDeps(request), request.params.id)),
  );
});
