/** /api/v1/scenarios: list, read, create, update, delete. Each handler is one core call. */
import {
  idParams,
  namedWriteErrors,
  scenario,
  scenarioClone,
  scenarioCreate,
  scenarioListQuery,
  scenarioUpdate,
} from '@tfbench/contract';
import {
  cloneScenario,
  createScenario,
  deleteScenario,
  getScenario,
  listScenarios,
  updateScenario,
} from '@tfbench/core/services';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { crudRoutes } from './crud.js';
import { routeDeclarer } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const scenarioRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('scenarios');
  const services = { db: deps.db, outbound: deps.config.outbound };

  const scenarios = crudRoutes(app, 'scenarios', scenario);
  scenarios.list(
    {
      summary: 'List scenarios',
      description: `Oldest first, optionally of one automation. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: scenarioListQuery,
      page: 'A page of scenarios.',
    },
    (query) => listScenarios(services, query),
  );
  scenarios.get({ summary: 'Get a scenario', found: 'The scenario.' }, (id) => getScenario(services, id));
  scenarios.create({ summary: 'Create a scenario', body: scenarioCreate, errors: namedWriteErrors }, (body) =>
    createScenario(services, body),
  );

  app.post(
    '/:id/clone',
    route('editor', {
      summary: 'Clone a scenario',
      description:
        'A new scenario with the same automation, description, inputs, run settings, thresholds and assertions, ' +
        'named "<name> (copy)" (or the next free "(copy N)") unless the body gives a name. ' +
        'Its schedule is off. The body is optional.',
      params: idParams,
      body: scenarioClone.nullish(),
      response: { 201: scenario.meta({ description: 'The copy.' }), ...namedWriteErrors },
    }),
    async (request, reply) =>
      reply.code(201).send(await cloneScenario(services, request.params.id, { name: request.body?.name })),
  );

  scenarios.update(
    { summary: 'Update a scenario', body: scenarioUpdate, errors: namedWriteErrors },
    (id, body) => updateScenario(services, id, body),
  );
  scenarios.remove(
    {
      summary: 'Delete a scenario',
      description:
        'Answers 409 while it has runs; with ?cascade=true its runs (and their events) are deleted too.',
    },
    (id, options) => deleteScenario(services, id, options),
  );
};
