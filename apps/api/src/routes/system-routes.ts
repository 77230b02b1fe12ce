/** The service's own routes, outside /api/v1: its health and its Prometheus metrics. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics.js';

export const systemRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  await app.register(healthRoutes, { deps });
  await app.register(metricsRoutes, { deps });
};
