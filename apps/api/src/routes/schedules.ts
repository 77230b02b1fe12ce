/**
 * A scenario's schedule: switch it on or off, and estimate what it will run and cost per day
 * (of a stored scenario, or of unsaved settings, before it is switched on).
 */
import * as wire from '@tfbench/contract';
import { estimateSchedule, setScenarioSchedule } from '@tfbench/core/schedules';
import { getScenario } from '@tfbench/core/services';
import { routePlugin } from './declare.js';

export const scheduleRoutes = routePlugin('scenarios', (app, { route, services }) => {
  app.post(
    '/:id/schedule',
    route('editor', {
      summary: "Switch a scenario's schedule on or off",
      description:
        'On: the scenario fires a run on every tick of run_settings.interval_seconds or run_settings.cron (UTC), ' +
        'or a benchmark of run_settings.iterations runs when run_settings.schedule_kind is benchmark; next_run_at says when. Off: next_run_at is null. ' +
        'Missed ticks are not backfilled beyond one catch-up.',
      params: wire.idParams,
      body: wire.scheduleUpdate,
      response: {
        200: wire.scenario.meta({ description: 'The scenario with its schedule.' }),
        ...wire.writeErrors,
      },
    }),
    async (request) => setScenarioSchedule(services, request.params.id, request.body),
  );

  app.get(
    '/:id/schedule/estimate',
    route('viewer', {
      summary: "Estimate a scenario's schedule",
      description:
        'Ticks, runs and cost per day of the stored run_settings, whether or not the schedule is on; a run is priced at the mean cost of recent runs.',
      params: wire.idParams,
      response: { 200: wire.scheduleEstimate.meta({ description: 'The estimate.' }), ...wire.readErrors },
    }),
    async (request) => {
      const stored = await getScenario(services, request.params.id);
      return estimateSchedule(services, { run_settings: stored.run_settings, scenario_id: stored.id });
    },
  );

  app.post(
    '/schedule-estimate',
    route('editor', {
      summary: 'Estimate a schedule before saving it',
      description:
        'Ticks, runs and cost per day of run_settings that need not be saved yet (the scenario form shows it before a schedule is switched on).',
      body: wire.scheduleEstimateRequest,
      response: { 200: wire.scheduleEstimate.meta({ description: 'The estimate.' }), ...wire.writeErrors },
    }),
    async (request) => estimateSchedule(services, request.body),
  );
});
