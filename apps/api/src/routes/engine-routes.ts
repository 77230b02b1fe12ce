/**
 * The routes under /api/v1 that need this process's run engine: cancelling a run (its worker
 * may be in another process) and the live event stream. Registered only when the process has
 * an engine; without one these paths do not exist (404).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../deps.js';
import { eventRoutes } from './events.js';
import { runCancelRoutes } from './run-cancel.js';

export const engineRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { deps, engine }) => {
  await app.register(runCancelRoutes, { deps, engine, prefix: '/runs' });
  await app.register(eventRoutes, { deps, engine, prefix: '/events' });
};
