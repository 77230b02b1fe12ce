/** /api/v1/alerts: current (firing) and past (resolved) alerts of scheduled scenarios. */
import * as wire from '@tfbench/contract';
import { acknowledgeAlert, getAlert, listAlerts, silenceAlert, unsilenceAlert } from '@tfbench/core/alerts';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';
import { stateChangeResponses } from './state-change.js';

export const alertRoutes = routePlugin('alerts', (app, { route, services }) => {
  const alerts = crudRoutes(app, 'alerts', wire.alert);
  alerts.list(
    {
      summary: 'List alerts',
      description: `Newest first (by fired_at), with how their notifications fared. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: wire.alertListQuery,
      page: 'A page of alerts.',
    },
    (query) => listAlerts(services, query),
  );
  crudRoutes(app, 'alerts', wire.alertDetail).get(
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
      params: wire.idParams,
      response: stateChangeResponses(wire.alertDetail, 'The alert, acknowledged.'),
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
      params: wire.idParams,
      body: wire.alertSilence,
      response: stateChangeResponses(wire.alertDetail, 'The alert, silenced.', wire.writeErrors),
    }),
    async (request) => silenceAlert(services, request.params.id, request.body),
  );

  app.delete(
    '/:id/silence',
    route('editor', {
      summary: 'Lift the silence of an alert',
      description: 'Its next notifications are sent again; a no-op when it is not silenced.',
      params: wire.idParams,
      response: { 200: wire.alertDetail.meta({ description: 'The alert.' }), ...wire.readErrors },
    }),
    async (request) => unsilenceAlert(services, request.params.id),
  );
});
