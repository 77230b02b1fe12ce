/**
 * POST /api/v1/runs/{id}/cancel: cancel one run. A pending run is cancelled at once; a
 * running one is cancelled upstream by the worker holding it, in whatever process, and the
 * answer waits a few seconds for that to finish. One core call.
 */
import * as wire from '@tfbench/contract';
import { ConflictError } from '@tfbench/domain/errors';
import type { EngineRouteOptions } from '../deps.js';
import { routePlugin } from './declare.js';

/** How long the request waits for a running run to reach `cancelled` before answering 202. */
const CANCEL_WAIT_MS = 5_000;

export const runCancelRoutes = routePlugin<EngineRouteOptions>('runs', (app, { route, engine }) => {
  app.post(
    '/:id/cancel',
    route('runner', {
      summary: 'Cancel a run',
      description:
        'A pending run is cancelled at once (200). A running run is cancelled upstream by the worker ' +
        'executing it and stored as cancelled with the reason: 200 once that happened within a few seconds, ' +
        'else 202 with `cancel_requested_at` set (it follows shortly). A run that already ended otherwise: 409. ' +
        'Cancelling a cancelled run again answers 200.',
      params: wire.idParams,
      body: wire.runCancel,
      response: {
        200: wire.run.meta({ description: 'The run, cancelled.' }),
        202: wire.run.meta({ description: 'The run, still running; its worker has been told to cancel it.' }),
        409: wire.writeErrors[400].meta({
          description: 'The run already ended (completed, failed or timed out).',
        }),
        ...wire.writeErrors,
      },
    }),
    async (request, reply) => {
      const result = await engine.cancelRun({
        run_id: request.params.id,
        reason: request.body?.reason ?? 'cancelled through the API',
        waitMs: CANCEL_WAIT_MS,
      });
      if (result.state === 'finished') {
        throw new ConflictError(
          `run ${result.run.id} already ended with status ${result.run.status}; nothing to cancel`,
          {
            status: result.run.status,
          },
        );
      }
      return reply.code(result.state === 'cancelled' ? 200 : 202).send(result.run);
    },
  );
});
