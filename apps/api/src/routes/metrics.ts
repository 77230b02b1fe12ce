/**
 * GET /metrics: Prometheus text exposition (not part of the REST API's OpenAPI document).
 * Run figures are cluster-wide (from the database); the event-loop delay is this process's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusMetrics } from '@tfbench/core/insights';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';

export const metricsRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };
  // Sampled every 10 ms for the life of the app; the histogram costs a few kB.
  const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
  eventLoopDelay.enable();
  app.addHook('onClose', async () => eventLoopDelay.disable());
  const engine = deps.engine;

  // Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`; a key or a session works too.
  const access = { access: 'viewer', acceptsMetricsToken: true } as const;
  app.get('/metrics', { config: access, schema: { hide: true } }, async (_request, reply) => {
    const text = await renderPrometheusMetrics(services, {
      eventLoopDelay,
      queue: engine?.context.queue,
      // The embedded worker runs in this process: it is alive even while it holds no run.
      localWorkerIds: () =>
        engine && deps.config.engine.embeddedWorker ? [engine.context.settings.workerId] : [],
      workerStaleAfterMs: engine?.context.settings.staleAfterMs,
    });
    return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(text);
  });
};
