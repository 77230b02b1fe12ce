/**
 * Routes that create runs (config `queuesRuns: true`) answer 503 at once, before storing
 * anything, while the job queue cannot take work (Redis unreachable): the client learns
 * within a second that nothing was created and may retry, and nothing half-done is left.
 * If Redis fails in the instant between this check and the enqueue, the run is stored and
 * dispatched-but-unqueued; the reconciler enqueues it once Redis is back, so it is not lost.
 */
import { ServiceUnavailableError } from '@tfbench/domain/errors';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { EngineOptions } from '../deps.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route stores runs that must be queued; refused with 503 while the queue is down. */
    queuesRuns?: boolean;
  }
}

const refuseRunsWhileQueueIsDown: FastifyPluginAsync<EngineOptions> = async (app, { engine }) => {
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.queuesRuns !== true) return;
    if (engine.canAcceptRuns()) return;
    throw new ServiceUnavailableError(
      'runs cannot be queued right now: the job queue (Redis) is unreachable. Nothing was stored; retry in a few seconds.',
    );
  });
};

/**
 * The admission check as a plugin that hooks the scope it is registered in (not a scope of
 * its own), so it guards the routes of every sibling plugin registered after it.
 */
export const queueAdmission = fp(refuseRunsWhileQueueIsDown, { name: 'queue-admission', fastify: '5.x' });
