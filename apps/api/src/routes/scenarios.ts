/** /api/v1/scenarios: list, read, create, update, delete. Each handler is one core call. */
import {
  cascadeQuery,
  deleteErrors,
  idParams,
  namedWriteErrors,
  readErrors,
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
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { routeDeclarer } from './declare.js';
import { sendPage, TOTAL_COUNT_HEADER } from './pagination.js';

export const scenarioRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('scenarios');
  const services = { db: deps.db, outbound: deps.config.outbound };

  app.get(
    '',
    route('viewer', {
      summary: 'List scenarios',
      description: `Oldest first, optionally of one automation. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: scenarioListQuery,
      response: { 200: z.array(scenario).meta({ description: 'A page of scenarios.' }), ...readErrors },
    }),
    async (request, reply) => sendPage(reply, await listScenarios(services, request.query)),
  );

  app.get(
    '/:id',
    route('viewer', {
      summary: 'Get a scenario',
      params: idParams,
      response: { 200: scenario.meta({ description: 'The scenario.' }), ...readErrors },
    }),
    async (request) => getScenario(services, request.params.id),
  );

  app.post(
    '',
    route('editor', {
      summary: 'Create a scenario',
      body: scenarioCreate,
      response: { 201: scenario.meta({ description: 'Created.' }), ...namedWriteErrors },
    }),
    async (request, reply) => reply.code(201).send(await createScenario(services, request.body)),
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

  app.put(
    '/:id',
    route('editor', {
      summary: 'Update a scenario',
      description: 'Only the fields sent change.',
      params: idParams,
      body: scenarioUpdate,
      response: { 200: scenario.meta({ description: 'Updated.' }), ...namedWriteErrors },
    }),
    async (request) => updateScenario(services, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    route('editor', {
      summary: 'Delete a scenario',
      description:
        'Answers 409 while it has runs; with ?cascade=true its runs (and their events) are deleted too.',
      params: idParams,
      querystring: cascadeQuery,
      response: { 204: z.null().meta({ description: 'Deleted.' }), ...deleteErrors },
    }),
    async (request, reply) => {
      await deleteScenario(services, request.params.id, { cascade: request.query.cascade ?? false });
      return reply.code(204).send(null);
    },
  );
};
