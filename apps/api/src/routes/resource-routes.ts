/**
 * The REST resources under /api/v1 that every API process serves, with or without a run
 * engine: one plugin per resource, each under its own path.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { alertRoutes } from './alerts.js';
import { analyticsRoutes } from './analytics.js';
import { automationRoutes } from './automations.js';
import { benchmarkDefinitionRoutes } from './benchmark-definitions.js';
import { benchmarkRowRoutes } from './benchmark-rows.js';
import { benchmarkRoutes } from './benchmarks.js';
import { configurationRoutes } from './configuration.js';
import { datasetRoutes } from './datasets.js';
import { exportRoutes } from './export.js';
import { runRoutes } from './runs.js';
import { scenarioRoutes } from './scenarios.js';
import { scheduleRoutes } from './schedules.js';

export const resourceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  await app.register(automationRoutes, { deps, prefix: '/automations' });
  await app.register(scenarioRoutes, { deps, prefix: '/scenarios' });
  await app.register(scheduleRoutes, { deps, prefix: '/scenarios' });
  await app.register(runRoutes, { deps, prefix: '/runs' });
  await app.register(benchmarkRoutes, { deps, prefix: '/benchmarks' });
  await app.register(benchmarkRowRoutes, { deps, prefix: '/benchmarks' });
  await app.register(benchmarkDefinitionRoutes, { deps, prefix: '/benchmark-definitions' });
  await app.register(datasetRoutes, { deps, prefix: '/datasets' });
  await app.register(analyticsRoutes, { deps, prefix: '/analytics' });
  await app.register(alertRoutes, { deps, prefix: '/alerts' });
  await app.register(exportRoutes, { deps });
  await app.register(configurationRoutes, { deps, prefix: '/config' });
};
