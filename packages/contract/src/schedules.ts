/** Wire schema of switching a scenario's schedule on and off. */
import { z } from 'zod';
import { bodyId, jsonObject } from './common.ts';
import { COST_SAMPLE_RUNS, SCHEDULE_KINDS } from './vocabulary.ts';

/** POST /api/v1/scenarios/{id}/schedule */
export const scheduleUpdate = z
  .strictObject({
    enabled: z.boolean().meta({
      description:
        'true: fire on every tick of run_settings.interval_seconds or run_settings.cron from now on (one run, or a benchmark when run_settings.schedule_kind is benchmark); false: pause.',
    }),
  })
  .meta({ id: 'ScheduleUpdate' });

/** POST /api/v1/scenarios/schedule-estimate */
export const scheduleEstimateRequest = z
  .strictObject({
    run_settings: jsonObject(
      'The run settings to estimate: interval_seconds or cron, schedule_kind, iterations, warmup_runs.',
    ),
    scenario_id: bodyId("Price a run from this scenario's recent runs.").optional(),
    automation_id: bodyId(
      "Price a run from this automation's recent runs (when the scenario has none).",
    ).optional(),
  })
  .meta({ id: 'ScheduleEstimateRequest' });

/** What a schedule will start per day, and what that costs. */
export const scheduleEstimate = z
  .object({
    kind: z
      .enum(SCHEDULE_KINDS)
      .meta({ description: 'run: one run per tick; benchmark: a benchmark per tick.' }),
    ticks_per_day: z
      .number()
      .nullable()
      .meta({ description: 'Null without a valid interval_seconds or cron.' }),
    runs_per_tick: z.number().int().meta({ description: '1, or iterations + warmup_runs of the benchmark.' }),
    runs_per_day: z.number().nullable(),
    cost_per_run_usd: z
      .number()
      .nullable()
      .meta({
        description: `Mean cost of the latest ${COST_SAMPLE_RUNS} completed runs with a cost; null when none.`,
      }),
    cost_per_day_usd: z.number().nullable(),
    cost_basis: z.object({
      source: z.enum(['scenario', 'automation', 'all_runs', 'none']),
      runs: z.number().int().meta({ description: 'How many runs the cost per run rests on.' }),
    }),
  })
  .meta({ id: 'ScheduleEstimate' });

/** The body of POST /api/v1/scenarios/{id}/schedule. */
export type ScheduleUpdate = z.input<typeof scheduleUpdate>;
/** The body of POST /api/v1/scenarios/schedule-estimate. */
export type ScheduleEstimateRequest = z.input<typeof scheduleEstimateRequest>;
/** What a schedule will start per day, and what that costs. */
export type ScheduleEstimate = z.output<typeof scheduleEstimate>;
