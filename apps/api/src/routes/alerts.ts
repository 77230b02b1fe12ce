/** /api/v1/alerts: current (firing) and past (resolved) alerts of scheduled scenarios. */
import { getAlert, listAlerts } from '@tfbench/core/alerts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { alert, alertDetail, alertListQuery } from '../schemas/alerts.js';
import { DEFAULT_PAGE_SIZE, idParams } from '../schemas/common.js';
import { readErrors } from '../schemas/responses.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const alertRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };

  app.get(
    '',
    {
      schema: {
        summary: 'List alerts',
        description: `Newest first (by fired_at), with how their notifications fared. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
        tags: ['alerts'],
        querystring: alertListQuery,
        response: { 200: z.array(alert).meta({ description: 'A page of alerts.' }), ...readErrors },
      },
    },
    async (request, reply) => {
      const { skip = 0, limit = DEFAULT_PAGE_SIZE, ...filters } = request.query;
      const page = await listAlerts(services, { skip, limit, ...filters });
      return reply.header(TOTAL_COUNT_HEADER, page.total).send(page.items);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        summary: 'Get an alert with every delivery attempt',
        tags: ['alerts'],
        params: idParams,
        response: { 200: alertDetail.meta({ description: 'The alert.' }), ...readErrors },
      },
    },
    async (request) => getAlert(services, request.params.id),
  );
};
