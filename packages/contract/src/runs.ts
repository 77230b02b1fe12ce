/**
 * Wire schemas of runs: the list filters, the trigger request, a run, its event timeline and
 * the dashboard KPIs.
 */
import { z } from 'zod';
import {
  bodyId,
  INT4_MAX,
  jsonObject,
  paginationQuery,
  queryDateTime,
  queryInt,
  text,
  timestamp,
} from './common.ts';
import { tokenMetrics, tokenTimeline } from './token-metrics.ts';
import { MAX_RUN_SEARCH_LENGTH, RUN_STATUSES, RUN_TRIGGERS } from './vocabulary.ts';

const idFilter = (description: string) => queryInt(1, INT4_MAX, description).optional();
const statusFilter = z
  .enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(', ')}` })
  .optional()
  .meta({ description: 'Only runs in this status.' });

/** Filters shared by the run list and the dashboard KPIs. */
const runFilters = {
  scenario_id: idFilter('Only runs of this scenario.'),
  automation_id: idFilter("Only runs of this automation's scenarios."),
  benchmark_id: idFilter('Only runs of this benchmark.'),
  status: statusFilter,
  from: queryDateTime('Only runs created at or after this time.').optional(),
  to: queryDateTime('Only runs created before this time.').optional(),
};

/** GET /api/v1/runs (and the export) */
export const runListQuery = z.object({
  ...paginationQuery,
  ...runFilters,
  q: text({ max: MAX_RUN_SEARCH_LENGTH }).optional().meta({
    description:
      "Search: runs whose error code, error message or upstream run id contains this text (any case), or whose id it is ('42' or '#42').",
  }),
  cursor: z.string().max(100, 'must be at most 100 characters').optional().meta({
    description:
      'The x-next-cursor header of the previous page: the runs after it, in the same order (keyset paging, as fast deep in the list as at its start; skip must then be 0).',
  }),
});

/** GET /api/v1/runs/kpis/dashboard: the list's filters except status (KPIs span every status). */
const { status: _status, ...kpiFilters } = runFilters;
export const kpiQuery = z.object({
  ...kpiFilters,
  exact: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .meta({
      type: 'boolean',
      description:
        'Compute percentiles exactly from raw runs whatever the range. By default ranges wider than a day are read from rollups (within 0.5 %).',
    }),
});

/** POST /api/v1/runs/trigger */
export const runTrigger = z
  .strictObject({
    scenario_id: bodyId('The scenario to run.'),
    inputs_override: jsonObject("Inputs merged over the scenario's (later wins, per key).")
      .nullable()
      .optional(),
    trigger: z
      .enum(['manual', 'api'], { error: 'must be manual or api' })
      .optional()
      .meta({ description: 'Who asked: manual (default; a person, e.g. the dashboard) or api (a program).' }),
  })
  .meta({ id: 'RunTrigger' });

/** POST /api/v1/runs/{id}/cancel: an optional body. */
export const runCancel = z
  .object({ reason: text({ min: 1, max: 500 }).optional().meta({ description: 'Stored on the run.' }) })
  .strict()
  // No body at all is fine too (Fastify hands that over as null).
  .nullish();

const ms = (description: string) =>
  z
    .number()
    .nullable()
    .meta({ description: `${description} (ms)` });

const gap = z.number().nullable();

/** Distribution of the gaps between consecutive progress events of a run (ms). */
const interTokenStats = z
  .object({
    count: z.number().int(),
    min: gap,
    mean: gap,
    p50: gap,
    p90: gap,
    p95: gap,
    p99: gap,
    max: gap,
    stddev: gap.meta({ description: 'Population standard deviation.' }),
  })
  .meta({ description: 'Distribution of the gaps between events (ms); figures null with too few gaps.' });

/** The outcome of one of the scenario's assertions on a run's result. */
const assertionResult = z.object({
  assertion: z.unknown().meta({ description: 'The assertion as the scenario states it.' }),
  passed: z.boolean(),
  message: z.string().optional().meta({ description: 'Why it failed, or what it checked.' }),
});

/** A run as the API returns it. */
export const run = z
  .object({
    id: z.number().int(),
    scenario_id: z.number().int(),
    benchmark_id: z.number().int().nullable(),
    trigger: z.enum(RUN_TRIGGERS),
    status: z.enum(RUN_STATUSES),
    is_warmup: z.boolean(),
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
    total_duration_ms: ms('From just before the request to the final event'),
    time_to_started_ms: ms('To the STARTED event'),
    time_to_streaming_url_ms: ms('To the STREAMING_URL event'),
    ttft_ms: ms('To the first PROGRESS event'),
    inter_token_stats: interTokenStats.nullable(),
    steps: z.number().int().nullable(),
    heartbeats: z.number().int().nullable(),
    num_of_steps: z.number().int().nullable(),
    server_duration_ms: ms('As reported by the upstream'),
    queue_wait_ms: ms('From creation to start'),
    intended_start_at: timestamp.nullable(),
    dataset_row: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The index of the dataset row this benchmark run's inputs were made from." }),
    actual_start_at: timestamp.nullable(),
    event_loop_delay_ms: ms('Event-loop delay of the worker during the run'),
    error: z.string().nullable(),
    error_code: z.string().nullable(),
    http_status: z.number().int().nullable(),
    provider: z
      .string()
      .nullable()
      .meta({ description: 'The provider that executed the run; null when it never reached one.' }),
    upstream_run_id: z.string().nullable().meta({ description: "The upstream's id for the run." }),
    tinyfish_run_id: z.string().nullable().meta({
      description:
        'The upstream id of a TinyFish run (the same as upstream_run_id); null for other providers.',
    }),
    streaming_url: z.string().nullable(),
    inputs: z.record(z.string(), z.unknown()).meta({ description: 'The resolved inputs of this run.' }),
    result_json: z.unknown(),
    response_json: z.unknown(),
    assertions_passed: z.boolean().nullable(),
    assertion_results: z.array(assertionResult).nullable(),
    cost_usd: z
      .number()
      .nullable()
      .meta({ description: 'What the run cost, as its provider prices it (USD).' }),
    provider_metrics: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: "Figures only the run's provider has (e.g. token counts), as it reported them." }),
    token_metrics: tokenMetrics.nullable(),
    token_timeline: tokenTimeline.nullable(),
    attempts: z.array(z.unknown()),
    metric_definitions_version: z.string().nullable(),
    dispatched_at: timestamp.nullable().meta({ description: 'When a worker took the run.' }),
    worker_id: z.string().nullable().meta({ description: 'The worker executing the run, while it runs.' }),
    heartbeat_at: timestamp.nullable().meta({ description: "The worker's last sign of life for this run." }),
    cancel_requested_at: timestamp.nullable(),
    cancel_reason: z.string().nullable(),
    executions: z.number().int().meta({ description: 'Times a worker claimed the run.' }),
    rolled_up_at: timestamp
      .nullable()
      .meta({ description: 'When the finished run was added to the analytics rollups.' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Run' });

/** One event of a run's timeline. */
export const runEvent = z
  .object({
    run_id: z.number().int(),
    seq: z.number().int(),
    type: z.string(),
    at_ms: z.number().meta({ description: "Monotonic offset from the run's start (ms)." }),
    server_timestamp: timestamp.nullable(),
    payload: z.unknown(),
    created_at: timestamp,
  })
  .meta({ id: 'RunEvent' });

/** GET /api/v1/runs/{id}: a run with its event timeline. */
export const runDetail = run
  .extend({ events: z.array(runEvent).meta({ description: 'The timeline, in arrival order.' }) })
  .meta({ id: 'RunDetail' });

const statsShape = {
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  mean: z.number().nullable(),
};

const percentiles = (what: string) =>
  z.object(statsShape).meta({ description: `Percentiles and mean of ${what} (ms); null without data.` });

const tokenStats = (what: string) =>
  z
    .object(statsShape)
    .meta({ description: `Percentiles and mean of ${what} over completed runs; null without data.` });

/** Token figures of completed OpenAI-compatible runs, always exact from raw runs. */
const tokenKpis = z
  .object({
    runs: z.number().int().meta({ description: 'Completed runs that carry token metrics.' }),
    input_tokens: z.number().nullable().meta({ description: 'Σ input tokens.' }),
    output_tokens: z.number().nullable().meta({ description: 'Σ output tokens.' }),
    output_tokens_per_minute: z.number().nullable().meta({
      description: 'Σ output tokens per minute of the window (as runs_per_minute).',
    }),
    time_to_first_answer_token_ms: tokenStats('time_to_first_answer_token_ms (ms)'),
    tpot_ms: tokenStats('tpot_ms (ms)'),
    output_tokens_per_s: tokenStats('output_tokens_per_s (tokens/s per run)'),
    output_tokens_per_run: tokenStats('output tokens per run'),
  })
  .meta({ id: 'TokenKpis' });

/**
 * GET /api/v1/runs/kpis/dashboard: the original's shape, computed in SQL. Latency figures read
 * completed runs only; warm-up runs of benchmarks are left out.
 */
export const dashboardKpis = z
  .object({
    total_runs: z.number().int().meta({ description: 'Runs matching the filters, in any status.' }),
    finished_runs: z
      .number()
      .int()
      .meta({ description: 'Runs with an outcome: completed, failed or timeout (cancelled runs are not).' }),
    completed_runs: z.number().int(),
    success_rate: z
      .number()
      .nullable()
      .meta({ description: 'completed_runs / finished_runs, 0 to 1; null while none finished.' }),
    total_time_stats: percentiles('total_duration_ms of completed runs'),
    ttft_stats: percentiles('ttft_ms'),
    avg_inter_token_latency: z
      .number()
      .nullable()
      .meta({ description: 'Mean gap between streamed events (ms); null without data.' }),
    recent_runs: z.array(run).meta({ description: 'The 10 newest matching runs, newest first.' }),
    failed_runs: z.number().int(),
    timeout_runs: z.number().int(),
    cancelled_runs: z.number().int(),
    in_flight_runs: z.number().int().meta({ description: 'Pending and running runs.' }),
    success_rate_ci: z
      .object({ lower: z.number(), upper: z.number() })
      .nullable()
      .meta({ description: '95 % Wilson score interval of success_rate; null while none finished.' }),
    goal_success_rate: z.number().nullable().meta({
      description:
        'Goal successes (completed and every assertion passed) / finished runs with a goal verdict; null without verdicts.',
    }),
    goal_evaluated_runs: z.number().int().meta({ description: 'Finished runs with a goal verdict.' }),
    goal_successful_runs: z.number().int(),
    runs_per_minute: z.number().nullable().meta({
      description: 'Finished runs per minute from `from` (or the first run) to `to` (or now).',
    }),
    errors: z.array(z.object({ error_code: z.string(), count: z.number().int() })).meta({
      description: 'Failed and timed-out runs by error_code (UNKNOWN when none), most frequent first.',
    }),
    cost_usd: z.number().nullable().meta({ description: 'Sum of cost_usd of completed runs (USD).' }),
    cost_per_successful_run_usd: z.number().nullable().meta({ description: 'cost_usd / completed_runs.' }),
    tokens: tokenKpis.nullable().meta({
      description:
        'Token figures of completed OpenAI-compatible runs (exact whatever the range; source applies to the rest); null when none has them.',
    }),
    source: z
      .enum(['exact', 'rollups'])
      .meta({ description: 'exact: from raw runs; rollups: percentiles from sketches (within 0.5 %).' }),
    percentile_relative_error: z
      .number()
      .meta({ description: 'Bound of the relative error of the percentiles: 0 or 0.005.' }),
  })
  .meta({ id: 'DashboardKpis' });

/** A run as the API returns it. */
export type Run = z.output<typeof run>;
/** One event of a run's timeline. */
export type RunEvent = z.output<typeof runEvent>;
/** Distribution of the gaps between a run's progress events. */
export type InterTokenStats = z.output<typeof interTokenStats>;
/** The outcome of one assertion on a run's result. */
export type AssertionResult = z.output<typeof assertionResult>;
/** A run with its event timeline. */
export type RunDetail = z.output<typeof runDetail>;
/** The body of POST /api/v1/runs/trigger. */
export type RunTriggerRequest = z.input<typeof runTrigger>;
/** The optional body of POST /api/v1/runs/{id}/cancel. */
export type RunCancel = z.input<typeof runCancel>;
/** The filters of GET /api/v1/runs, as the API reads them. */
export type RunListQuery = z.output<typeof runListQuery>;
/** The filters of GET /api/v1/runs/kpis/dashboard, as the API reads them. */
export type KpiQuery = z.output<typeof kpiQuery>;
/** The dashboard's headline figures. */
export type DashboardKpis = z.output<typeof dashboardKpis>;
/** Token figures of the dashboard KPIs. */
export type TokenKpis = z.output<typeof tokenKpis>;
/** Percentiles and mean of one latency figure of the dashboard KPIs. */
export type PercentileStats = DashboardKpis['total_time_stats'];
