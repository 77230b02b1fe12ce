/**
 * Wire schemas of scenarios: a test case of one automation (inputs, run settings, thresholds,
 * assertions).
 */
import { z } from 'zod';
import {
  bodyId,
  boundedJson,
  configurableResource,
  INT4_MAX,
  jsonObject,
  looseJsonObject,
  NAME_MAX,
  paginationQuery,
  queryInt,
  TEXT_MAX,
  text,
  timestamp,
} from './common.ts';
import { BENCHMARK_LIMITS, SCHEDULE_KINDS } from './vocabulary.ts';

const ONE_YEAR_S = 366 * 24 * 3600;

const name = text({ min: 1, max: NAME_MAX }).meta({ description: 'Human-readable name.' });
const automationId = bodyId('The automation this scenario runs.');
const description = text({ max: TEXT_MAX }).nullable().meta({ description: 'Free text.' });
const inputsTemplate = jsonObject(
  "Inputs merged over the automation's default_inputs (later wins, per key).",
);

const wholeNumber = (min: number, max: number) =>
  z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).int();

const runSettings = looseJsonObject(
  {
    interval_seconds: wholeNumber(1, ONE_YEAR_S)
      .nullable()
      .optional()
      .meta({ description: 'Run every this many seconds when scheduled.' }),
    cron: text({ min: 1, max: 200 })
      .nullable()
      .optional()
      .meta({ description: 'Cron expression for scheduled runs (instead of interval_seconds).' }),
    concurrency: wholeNumber(1, 1000)
      .nullable()
      .optional()
      .meta({ description: 'Runs in flight at once in a benchmark.' }),
    schedule_kind: z
      .enum(SCHEDULE_KINDS, { error: `must be one of ${SCHEDULE_KINDS.join(', ')}` })
      .nullable()
      .optional()
      .meta({
        description:
          'What each schedule tick starts: run (default) = one run; benchmark = a benchmark of `iterations` runs.',
      }),
    iterations: wholeNumber(1, BENCHMARK_LIMITS.maxIterations)
      .nullable()
      .optional()
      .meta({ description: 'Runs per benchmark (per tick when schedule_kind is benchmark).' }),
    timeout_s: z
      .number()
      .min(BENCHMARK_LIMITS.minTimeoutS, `must be at least ${BENCHMARK_LIMITS.minTimeoutS}`)
      .max(BENCHMARK_LIMITS.maxTimeoutS, `must be at most ${BENCHMARK_LIMITS.maxTimeoutS}`)
      .nullable()
      .optional()
      .meta({ description: 'Deadline of one run, in seconds.' }),
  },
  'Scheduling and benchmark settings; unknown keys are kept. arrival, rate_per_s, warmup_runs, duration_s and max_lag_s, when present, are checked as in a benchmark request.',
);

const thresholds = z
  .array(text({ min: 1, max: 500 }))
  .max(100, 'must have at most 100 items')
  .meta({ description: 'Threshold expressions such as "p95(total_duration_ms) < 30000".' });

const assertions = boundedJson(z.array(z.unknown()).max(100, 'must have at most 100 items')).meta({
  description: "Checks applied to each run's result.",
});

const scheduleEnabled = z.boolean().meta({ description: 'Whether the scheduler fires this scenario.' });

/** GET /api/v1/scenarios */
export const scenarioListQuery = z.object({
  ...paginationQuery,
  automation_id: queryInt(1, INT4_MAX, 'Only the scenarios of this automation.').optional(),
});

/** The bodies of POST /api/v1/scenarios and of PUT /api/v1/scenarios/{id} (only the fields sent change). */
export const { create: scenarioCreate, update: scenarioUpdate } = configurableResource.writes(
  'Scenario',
  { name, automation_id: automationId },
  {
    description,
    inputs_template: inputsTemplate,
    run_settings: runSettings,
    thresholds,
    assertions,
    schedule_enabled: scheduleEnabled,
  },
);

/** A scenario as the API returns it. */
export const scenario = configurableResource.read('Scenario', {
  automation_id: z.number().int(),
  description: z.string().nullable(),
  inputs_template: z.record(z.string(), z.unknown()),
  run_settings: z.record(z.string(), z.unknown()),
  thresholds: z.array(z.string()),
  assertions: z.array(z.unknown()),
  schedule_enabled: z.boolean(),
  next_run_at: timestamp.nullable().meta({ description: 'When the scheduler fires this scenario next.' }),
});

/** POST /api/v1/scenarios/{id}/clone: an optional body. */
export const scenarioClone = z
  .strictObject({
    name: name.optional().meta({
      description: 'The copy\'s name; default the first free "<name> (copy)", "<name> (copy 2)", ….',
    }),
  })
  .meta({ id: 'ScenarioClone' });

/** A scenario as the API returns it. */
export type Scenario = z.output<typeof scenario>;
/** The body of POST /api/v1/scenarios. */
export type ScenarioCreate = z.input<typeof scenarioCreate>;
/** The body of PUT /api/v1/scenarios/{id}. */
export type ScenarioUpdate = z.input<typeof scenarioUpdate>;
/** The body of POST /api/v1/scenarios/{id}/clone. */
export type ScenarioClone = z.input<typeof scenarioClone>;
/** A scenario's run settings as a client writes them. */
export type RunSettings = z.input<typeof runSettings>;
/** The filters of GET /api/v1/scenarios, as the API reads them. */
export type ScenarioListQuery = z.output<typeof scenarioListQuery>;
