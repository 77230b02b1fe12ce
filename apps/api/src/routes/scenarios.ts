/** /api/v1/scenarios: list, read, create, update, delete. Each handler is one core call. */
import * as wire from '@tfbench/contract';
import {
  cloneScenario,
  createScenario,
  deleteScenario,
  getScenario,
  listScenarios,
  updateScenario,
} from '@tfbench/core/services';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const scenarioRoutes = routePlugin('scenarios', (app, { route, deps }) => {
  const services = { db: deps.db, outbound: deps.config.outbound };

  const scenarios = crudRoutes(app, 'scenarios', wire.scenario);
  scenarios.list(
    {
      summary: 'List scenarios',
      description: `Oldest first, optionally of one automation. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: wire.scenarioListQuery,
      page: 'A page of scenarios.',
    },
    (query) => listScenarios(services, query),
  );
  scenarios.get({ summary: 'Get a scenario', found: 'The scenario.' }, (id) => getScenario(services, id));
  scenarios.create(
    { summary: 'Create a scenario', body: wire.scenarioCreate, errors: wire.namedWriteErrors },
    (body) => createScenario(services, body),
  );

  app.post(
    '/:id/clone',
    route('editor', {
      summary: 'Clone a scenario',
      description:
        'A new scenario with the same automation, description, inputs, run settings, thresholds and assertions, ' +
        'named "<name> (copy)" (or the next free "(copy N)") unless the body gives a name. ' +
        'Its schedule is off. The body is optional.',
      params: wire.idParams,
      body: wire.scenarioClone.nullish(),
      response: { 201: wire.scenario.meta({ description: 'The copy.' }), ...wire.namedWriteErrors },
    }),
    async (request, reply) =>
      reply.code(201).send(await cloneScenario(services, request.params.id, { name: request.body?.name })),
  );

  scenarios.update(
    { summary: 'Update a scenario', body: wire.scenarioUpdate, errors: wire.namedWriteErrors },
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
});
