/** /api/v1/automations: list, read, create, update, delete. Each handler is one core call. */
import * as wire from '@tfbench/contract';
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
import { crudRoutes } from './crud.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const automationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
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

  const automations = crudRoutes(app, 'automations', wire.automation);
  automations.list(
    {
      summary: 'List automations',
      description: `Oldest first. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: z.object(wire.paginationQuery),
      page: 'A page of automations.',
    },
    (query) => listAutomations(services, query),
  );
  automations.get({ summary: 'Get an automation', found: 'The automation.' }, (id) =>
    getAutomation(services, id),
  );
  automations.create(
    { summary: 'Create an automation', body: wire.automationCreate, errors: wire.namedWriteErrors },
    (body) => createAutomation(services, body),
  );
  automations.update(
    { summary: 'Update an automation', body: wire.automationUpdate, errors: wire.namedWriteErrors },
    (id, body) => updateAutomation(services, id, body),
  );
  automations.remove(
    {
      summary: 'Delete an automation',
      description:
        'Answers 409 while scenarios use it; with ?cascade=true its scenarios and their runs are deleted too.',
    },
    (id, options) => deleteAutomation(services, id, options),
  );
};
