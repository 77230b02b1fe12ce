/**
 * A scenario's schedule: switch it on or off, and estimate what it will run and cost per day
 * (of a stored scenario, or of unsaved settings, before it is switched on).
 */

import { estimateSchedule, setScenarioSchedule } from '@tfbench/core/schedules';
import { getScenario } from '@tfbench/core/services';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { idParams } from '../schemas/common.js';
import { readErrors, writeErrors } from '../schemas/responses.js';
import { scenario } from '../schemas/scenarios.js';
import { scheduleEstimate, scheduleEstimateRequest, scheduleUpdate } from '../schemas/schedules.js';

export const scheduleRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };

  app.post(
    '/:id/schedule',
    {
      config: { access: 'editor' },
      schema: {
        summary: "Switch a scenario's schedule on or off",
        description:
          'On: the scenario fires a run on every tick of run_settings.interval_seconds or run_settings.cron (UTC), ' +
          'or a benchmark of run_settings.iterations runs when run_settings.schedule_kind is benchmark; next_run_at says when. Off: next_run_at is null. ' +
          'Missed ticks are not backfilled beyond one catch-up.',
        tags: ['scenarios'],
        params: idParams,
        body: scheduleUpdate,
        response: { 200: scenario.meta({ description: 'The scenario with its schedule.' }), ...writeErrors },
      },
    },
    async (request) => setScenarioSchedule(services, request.params.id, request.body),
  );

  app.get(
    '/:id/schedule/estimate',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "Estimate a scenario's schedule",
        description:
          'Ticks, runs and cost per day of the stored run_settings, whether or not the schedule is on; a run is priced at the mean cost of recent runs.',
        tags: ['scenarios'],
        params: idParams,
        response: { 200: scheduleEstimate.meta({ description: 'The estimate.' }), ...readErrors },
      },
    },
    async (request) => {
      const scenario = await getScenario(services, request.params.id);
      return estimateSchedule(services, { run_settings: scenario.run_settings, scenario_id: scenario.id });
    },
  );

  app.post(
    '/schedule-estimate',
    {
      config: { access: 'editor' },
      schema: {
        summary: 'Estimate a schedule before saving it',
        description:
          'Ticks, runs and cost per day of run_settings that need not be saved yet (the scenario form shows it before a schedule is switched on).',
        tags: ['scenarios'],
        body: scheduleEstimateRequest,
        response: { 200: scheduleEstimate.meta({ description: 'The estimate.' }), ...writeErrors },
      },
    },
    async (request) => estimateSchedule(services, request.body),
  );
};
