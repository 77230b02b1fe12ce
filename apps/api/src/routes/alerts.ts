/** /api/v1/alerts: current (firing) and past (resolved) alerts of scheduled scenarios. */
import {
  alert,
  alertDetail,
  alertListQuery,
  alertSilence,
  deleteErrors,
  idParams,
  readErrors,
  writeErrors,
} from '@tfbench/contract';
import { acknowledgeAlert, getAlert, listAlerts, silenceAlert, unsilenceAlert } from '@tfbench/core/alerts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { crudRoutes } from './crud.js';
import { routeDeclarer } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const alertRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('alerts');
  const services = { db: deps.db };

  const alerts = crudRoutes(app, 'alerts', alert);
  alerts.list(
    {
      summary: 'List alerts',
      description: `Newest first (by fired_at), with how their notifications fared. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: alertListQuery,
      page: 'A page of alerts.',
    },
    (query) => listAlerts(services, query),
  );
  crudRoutes(app, 'alerts', alertDetail).get(
    { summary: 'Get an alert with every delivery attempt', found: 'The alert.' },
    (id) => getAlert(services, id),
  );

  app.post(
    '/:id/acknowledge',
    route('editor', {
      summary: 'Acknowledge a firing alert',
      description:
        'Records that someone is on it (acknowledged_at). 409 when it was acknowledged already or has resolved. ' +
        'Its resolution is still notified. No body.',
      params: idParams,
      response: {
        200: alertDetail.meta({ description: 'The alert, acknowledged.' }),
        409: deleteErrors[409],
        ...readErrors,
      },
    }),
    async (request) => acknowledgeAlert(services, request.params.id),
  );

  app.post(
    '/:id/silence',
    route('editor', {
      summary: 'Silence an alert',
      description:
        'Holds back its notifications: for duration_s seconds (new episodes of the same rule that fire meanwhile included), ' +
        'or until_resolved (its resolution included; firing alerts only, else 409). Give exactly one. Replaces an earlier silence.',
      params: idParams,
      body: alertSilence,
      response: {
        200: alertDetail.meta({ description: 'The alert, silenced.' }),
        409: deleteErrors[409],
        ...writeErrors,
      },
    }),
    async (request) => silenceAlert(services, request.params.id, request.body),
  );

  app.delete(
    '/:id/silence',
    route('editor', {
      summary: 'Lift the silence of an alert',
      description: 'Its next notifications are sent again; a no-op when it is not silenced.',
      params: idParams,
      response: { 200: alertDetail.meta({ description: 'The alert.' }), ...readErrors },
    }),
    async (request) => unsilenceAlert(services, request.params.id),
  );
};
