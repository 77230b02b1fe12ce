/** POST /api/v1/scenarios/{id}/schedule: switch a scenario's schedule on or off. */
import { setScenarioSchedule } from '@tfbench/core/schedules';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { idParams } from '../schemas/common.js';
import { writeErrors } from '../schemas/responses.js';
import { scenario } from '../schemas/scenarios.js';
import { scheduleUpdate } from '../schemas/schedules.js';

export const scheduleRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };

  app.post(
    '/:id/schedule',
    {
      schema: {
        summary: "Switch a scenario's schedule on or off",
        description:
          'On: the scenario fires a run on every tick of run_settings.interval_seconds or run_settings.cron (UTC), ' +
          'or a benchmark when run_settings.iterations > 1; next_run_at says when. Off: next_run_at is null. ' +
          'Missed ticks are not backfilled beyond one catch-up.',
        tags: ['scenarios'],
        params: idParams,
        body: scheduleUpdate,
        response: { 200: scenario.meta({ description: 'The scenario with its schedule.' }), ...writeErrors },
      },
    },
    async (request) => setScenarioSchedule(services, request.params.id, request.body),
  );
};
