/** /api/v1/automations: list, read, create, update, delete. Each handler is one core call. */
import {
  automation,
  automationCreate,
  automationUpdate,
  cascadeQuery,
  deleteErrors,
  idParams,
  namedWriteErrors,
  paginationQuery,
  readErrors,
} from '@tfbench/contract';
import { upstreamOutboundPolicy } from '@tfbench/core/net';
import { openSecretBox } from '@tfbench/core/secrets';
import {
  createAutomation,
  deleteAutomation,
  getAutomation,
  listAutomations,
  updateAutomation,
} from '@tfbench/core/services';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { routeDeclarer } from './declare.js';
import { sendPage, TOTAL_COUNT_HEADER } from './pagination.js';

export const automationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('automations');
  // Given by the runtime (undefined included: PostgreSQL without a key, already warned about);
  // an app built on its own, as in tests, opens one from the same source: TFBENCH_SECRET_KEY,
  // or the key file of the data folder.
  const box = 'secretBox' in deps ? deps.secretBox : openSecretBox(deps.config, app.log);
  if (deps.config.outbound.upstreamLoopbackAllowed) {
    app.log.info(
      { api_host: deps.config.api.host },
      'the API binds loopback: automations may target loopback upstreams (local LLM servers) without TFBENCH_ALLOWED_OUTBOUND_HOSTS',
    );
  }
  const services = {
    db: deps.db,
    outbound: upstreamOutboundPolicy(deps.config.outbound),
    credentials: { box, keyEnvNames: Object.keys(deps.config.secrets.upstreamKeyEnv) },
  };

  app.get(
    '',
    route('viewer', {
      summary: 'List automations',
      description: `Oldest first. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: z.object(paginationQuery),
      response: { 200: z.array(automation).meta({ description: 'A page of automations.' }), ...readErrors },
    }),
    async (request, reply) => sendPage(reply, await listAutomations(services, request.query)),
  );

  app.get(
    '/:id',
    route('viewer', {
      summary: 'Get an automation',
      params: idParams,
      response: { 200: automation.meta({ description: 'The automation.' }), ...readErrors },
    }),
    async (request) => getAutomation(services, request.params.id),
  );

  app.post(
    '',
    route('editor', {
      summary: 'Create an automation',
      body: automationCreate,
      response: { 201: automation.meta({ description: 'Created.' }), ...namedWriteErrors },
    }),
    async (request, reply) => reply.code(201).send(await createAutomation(services, request.body)),
  );

  app.put(
    '/:id',
    route('editor', {
      summary: 'Update an automation',
      description: 'Only the fields sent change.',
      params: idParams,
      body: automationUpdate,
      response: { 200: automation.meta({ description: 'Updated.' }), ...namedWriteErrors },
    }),
    async (request) => updateAutomation(services, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    route('editor', {
      summary: 'Delete an automation',
      description:
        'Answers 409 while scenarios use it; with ?cascade=true its scenarios and their runs are deleted too.',
      params: idParams,
      querystring: cascadeQuery,
      response: { 204: z.null().meta({ description: 'Deleted.' }), ...deleteErrors },
    }),
    async (request, reply) => {
      await deleteAutomation(services, request.params.id, { cascade: request.query.cascade ?? false });
      return reply.code(204).send(null);
    },
  );
};
