/**
 * A scenario's schedule: switch it on or off, and estimate what it will run and cost per day
 * (of a stored scenario, or of unsaved settings, before it is switched on).
 */
import {
  idParams,
  readErrors,
  scenario,
  scheduleEstimate,
  scheduleEstimateRequest,
  scheduleUpdate,
  writeErrors,
} from '@tfbench/contract';
import { estimateSchedule, setScenarioSchedule } from '@tfbench/core/schedules';
import { getScenario } from '@tfbench/core/services';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { routeDeclarer } from './declare.js';

export const scheduleRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('scenarios');
  const services = { db: deps.db };

  app.post(
    '/:id/schedule',
    route('editor', {
      summary: "Switch a scenario's schedule on or off",
      description:
        'On: the scenario fires a run on every tick of run_settings.interval_seconds or run_settings.cron (UTC), ' +
        'or a benchmark of run_settings.iterations runs when run_settings.schedule_kind is benchmark; next_run_at says when. Off: next_run_at is null. ' +
        'Missed ticks are not backfilled beyond one catch-up.',
      params: idParams,
      body: scheduleUpdate,
      response: { 200: scenario.meta({ description: 'The scenario with its schedule.' }), ...writeErrors },
    }),
    async (request) => setScenarioSchedule(services, request.params.id, request.body),
  );

  app.get(
    '/:id/schedule/estimate',
    route('viewer', {
      summary: "Estimate a scenario's schedule",
      description:
        'Ticks, runs and cost per day of the stored run_settings, whether or not the schedule is on; a run is priced at the mean cost of recent runs.',
      params: idParams,
      response: { 200: scheduleEstimate.meta({ description: 'The estimate.' }), ...readErrors },
    }),
    async (request) => {
      const scenario = await getScenario(services, request.params.id);
      return estimateSchedule(services, { run_settings: scenario.run_settings, scenario_id: scenario.id });
    },
  );

  app.post(
    '/schedule-estimate',
    route('editor', {
      summary: 'Estimate a schedule before saving it',
      description:
        'Ticks, runs and cost per day of run_settings that need not be saved yet (the scenario form shows it before a schedule is switched on).',
      body: scheduleEstimateRequest,
      response: { 200: scheduleEstimate.meta({ description: 'The estimate.' }), ...writeErrors },
    }),
    async (request) => estimateSchedule(services, request.body),
  );
};
