/**
 * The database schema of tfbench. Property names and column names are the same snake_case
 * names the REST API uses, so a field keeps one name from the database to the browser.
 *
 * Conventions: every timestamp is `timestamptz` (stored in UTC); every duration in
 * milliseconds is `double precision`, because client-side timings have sub-millisecond
 * resolution; enumerated columns carry a CHECK built from the lists in `domain/`.
 *
 * After changing this file run `npm run db:generate` and commit the new SQL and meta files.
 */
import {
  ALERT_EVENTS,
  ALERT_KINDS,
  ALERT_STATES,
  type AlertEvent,
  type AlertKind,
  type AlertState,
  type AssertionResult,
  type AutomationConfig,
  BENCHMARK_STATUSES,
  type BenchmarkStatus,
  type InterTokenStats,
  type JsonObject,
  PROVIDERS,
  type ProviderName,
  ROLLUP_RESOLUTIONS,
  type RollupResolution,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type RunStatus,
  type RunTrigger,
  type ScenarioRunSettings,
  type StoredRunAttempt,
} from '@tfbench/domain/model';
import type { TokenMetrics, TokenTimeline } from '@tfbench/domain/provider';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { StoredAutomationSecrets } from '../secrets/automation-credentials.js';

/** `column IN ('a', 'b', ...)` from a list of literals (constants only, never user input). */
function oneOf(column: string, values: readonly string[]) {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return sql.raw(`"${column}" IN (${list})`);
}

const timestamptz = (name?: string) =>
  name
    ? timestamp(name, { withTimezone: true, mode: 'date' })
    : timestamp({ withTimezone: true, mode: 'date' });

/** created_at / updated_at, kept by the database clock so every writer agrees on them. */
const timestamps = {
  created_at: timestamptz().notNull().defaultNow(),
  updated_at: timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => sql`now()`),
};

export const automations = pgTable(
  'automations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    /** Configuration as code: the file's stable identifier of this automation (null: never applied). */
    key: text(),
    tinyfish_automation_id: text(),
    description: text(),
    default_inputs: jsonb().$type<JsonObject>().notNull().default({}),
    provider: text().$type<ProviderName>().notNull().default('tinyfish'),
    config: jsonb().$type<AutomationConfig>().notNull().default({}),
    /** Credentials given in `config`, sealed (secrets/automation-credentials.ts); never sent out. */
    secrets: jsonb().$type<StoredAutomationSecrets>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    check('automations_provider_check', oneOf('provider', PROVIDERS)),
    uniqueIndex('automations_key_idx').on(t.key),
  ],
);

export const scenarios = pgTable(
  'scenarios',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    /** Configuration as code: the file's stable identifier of this scenario (null: never applied). */
    key: text(),
    automation_id: integer()
      .notNull()
      .references(() => automations.id, { onDelete: 'restrict' }),
    description: text(),
    inputs_template: jsonb().$type<JsonObject>().notNull().default({}),
    run_settings: jsonb().$type<ScenarioRunSettings>().notNull().default({}),
    /** Threshold expressions such as "p95(total_duration_ms) < 30000", checked by benchmarks. */
    thresholds: jsonb().$type<string[]>().notNull().default([]),
    assertions: jsonb().$type<unknown[]>().notNull().default([]),
    schedule_enabled: boolean().notNull().default(false),
    /** When the scheduler fires this scenario next; null while the schedule is off. */
    next_run_at: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index('scenarios_automation_id_idx').on(t.automation_id),
    uniqueIndex('scenarios_key_idx').on(t.key),
    // The scheduler's only query: due scenarios among the enabled ones.
    index('scenarios_next_run_at_idx').on(t.next_run_at).where(sql`${t.schedule_enabled}`),
  ],
);

export const benchmarks = pgTable(
  'benchmarks',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    scenario_id: integer()
      .notNull()
      .references(() => scenarios.id, { onDelete: 'restrict' }),
    name: text(),
    settings: jsonb().$type<JsonObject>().notNull().default({}),
    status: text().$type<BenchmarkStatus>().notNull().default('pending'),
    summary: jsonb().$type<JsonObject>(),
    threshold_results: jsonb().$type<unknown[]>(),
    started_at: timestamptz(),
    /**
     * When the measured phase began: the warm-up runs had all ended (or there were none).
     * duration_s counts from here; open arrivals lay out their schedule from here.
     */
    measurement_started_at: timestamptz(),
    finished_at: timestamptz(),
    ...timestamps,
  },
  (t) => [
    check('benchmarks_status_check', oneOf('status', BENCHMARK_STATUSES)),
    index('benchmarks_scenario_id_idx').on(t.scenario_id),
  ],
);

export const runs = pgTable(
  'runs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    scenario_id: integer()
      .notNull()
      .references(() => scenarios.id, { onDelete: 'restrict' }),
    benchmark_id: integer().references(() => benchmarks.id, { onDelete: 'restrict' }),
    trigger: text().$type<RunTrigger>().notNull().default('manual'),
    status: text().$type<RunStatus>().notNull().default('pending'),
    /** Warm-up runs of a benchmark are executed but left out of its statistics and the KPIs. */
    is_warmup: boolean().notNull().default(false),
    started_at: timestamptz(),
    finished_at: timestamptz(),
    // Client-side timings, in ms from t0 (just before the request is written); see docs/metrics.md.
    total_duration_ms: doublePrecision(),
    time_to_started_ms: doublePrecision(),
    time_to_streaming_url_ms: doublePrecision(),
    ttft_ms: doublePrecision(),
    inter_token_stats: jsonb().$type<InterTokenStats>(),
    steps: integer(),
    heartbeats: integer(),
    /** The step count TinyFish reports, next to `steps` which we count from the stream. */
    num_of_steps: integer(),
    server_duration_ms: doublePrecision(),
    queue_wait_ms: doublePrecision(),
    /** Open-arrival benchmarks: when the arrival schedule wanted this run to start ... */
    intended_start_at: timestamptz(),
    /** The dataset row (index) a benchmark run's inputs were made from; null without a dataset. */
    dataset_row: integer(),
    /** ... and when it really did; the gap exposes coordinated omission. */
    actual_start_at: timestamptz(),
    /** Event-loop delay of the worker while this run was measured, to flag skewed timings. */
    event_loop_delay_ms: doublePrecision(),
    error: text(),
    error_code: text(),
    http_status: integer(),
    /** The provider that executed the run, and the upstream's id for it (stored as reported). */
    provider: text(),
    upstream_run_id: text(),
    /** The original's name for a TinyFish run's upstream id, kept by the API: derived, never written. */
    tinyfish_run_id: text().generatedAlwaysAs(sql`case when provider = 'tinyfish' then upstream_run_id end`),
    streaming_url: text(),
    /** The resolved inputs this run was executed with: a snapshot, not a reference. */
    inputs: jsonb().$type<JsonObject>().notNull(),
    result_json: jsonb().$type<unknown>(),
    response_json: jsonb().$type<unknown>(),
    assertions_passed: boolean(),
    assertion_results: jsonb().$type<AssertionResult[]>(),
    cost_usd: doublePrecision(),
    /** Figures only the run's provider has (token counts, say), as it reported them. */
    provider_metrics: jsonb().$type<JsonObject>(),
    /** Token figures of an OpenAI-compatible run (docs/metrics.md §10); null for other providers. */
    token_metrics: jsonb().$type<TokenMetrics>(),
    /** A bounded sample (≤ 512) of the token chunks' arrivals: the run's token timeline. */
    token_timeline: jsonb().$type<TokenTimeline>(),
    attempts: jsonb().$type<StoredRunAttempt[]>().notNull().default([]),
    /** Version of docs/metrics.md whose definitions produced this run's figures. */
    metric_definitions_version: text(),
    // Engine bookkeeping (packages/core/src/engine): who holds the run and whether it is alive.
    /** When the run was handed to the job queue; null while a benchmark driver holds it back. */
    dispatched_at: timestamptz(),
    /** The worker process executing the run (host:pid:random), while it is running. */
    worker_id: text(),
    /** Bumped by the holding worker every few seconds; a stale one means the worker is gone. */
    heartbeat_at: timestamptz(),
    /** Set by a cancel request; the holding worker, in whatever process, polls it and aborts. */
    cancel_requested_at: timestamptz(),
    cancel_reason: text(),
    /** Times a worker claimed the run: 1 normally, more after a retry that never reached upstream. */
    executions: integer().notNull().default(0),
    /**
     * When this finished run was added to `run_rollups` (packages/core/src/rollups). Null for
     * runs not yet rolled up: wide analytics read the rollups plus exactly these rows.
     */
    rolled_up_at: timestamptz(),
    ...timestamps,
  },
  (t) => [
    check('runs_status_check', oneOf('status', RUN_STATUSES)),
    check('runs_trigger_check', oneOf('trigger', RUN_TRIGGERS)),
    index('runs_created_at_idx').on(t.created_at),
    index('runs_scenario_id_created_at_idx').on(t.scenario_id, t.created_at),
    index('runs_status_idx').on(t.status),
    index('runs_benchmark_id_idx').on(t.benchmark_id),
    // A benchmark driver's hot queries: its runs still in flight and the next ones to dispatch.
    index('runs_benchmark_open_idx')
      .on(t.benchmark_id, t.id)
      .where(sql`${t.status} in ('pending', 'running')`),
    // Runs handed to the queue and not ended: what counts against a benchmark's concurrency.
    index('runs_benchmark_in_flight_idx')
      .on(t.benchmark_id)
      .where(sql`${t.status} in ('pending', 'running') and ${t.dispatched_at} is not null`),
    index('runs_upstream_run_id_idx').on(t.upstream_run_id),
    // Analytics over wide ranges: rollups plus the few runs not rolled up yet (in flight, or
    // finished a moment ago), found without scanning the table.
    index('runs_unrolled_created_at_idx')
      .on(t.created_at)
      .where(sql`${t.rolled_up_at} is null and not ${t.is_warmup}`),
    // Token counters (Prometheus) sum the runs that carry token metrics, none of the others.
    index('runs_token_metrics_scenario_idx')
      .on(t.scenario_id)
      .where(sql`${t.token_metrics} is not null and not ${t.is_warmup}`),
  ],
);

export const run_events = pgTable(
  'run_events',
  {
    run_id: integer()
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** Position of the event in the run's stream, increasing in arrival order. */
    seq: integer().notNull(),
    type: text().notNull(),
    /** Monotonic offset from the run's t0 in ms, not a wall-clock time. */
    at_ms: doublePrecision().notNull(),
    /** The timestamp the upstream put on the event, when it sent one. */
    server_timestamp: timestamptz(),
    payload: jsonb().$type<unknown>(),
    created_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'run_events_pkey', columns: [t.run_id, t.seq] })],
);

/**
 * Per-scenario (and all-scenario, `scenario_id` 0) aggregates of finished, non-warm-up runs per
 * minute, hour and day of `created_at`, maintained incrementally as runs finish. Latencies are
 * kept as DDSketches (jsonb, relative accuracy 0.5 %), so merging rows gives the percentiles of
 * any range of whole buckets without reading raw runs (docs/performance.md).
 */
export const run_rollups = pgTable(
  'run_rollups',
  {
    resolution: text().$type<RollupResolution>().notNull(),
    /** The scenario, or 0 for the aggregate of all scenarios (no foreign key for that reason). */
    scenario_id: integer().notNull(),
    /** Start of the bucket (UTC minute, hour or day) of the runs' created_at. */
    bucket_start: timestamptz().notNull(),
    completed_runs: integer().notNull().default(0),
    failed_runs: integer().notNull().default(0),
    timeout_runs: integer().notNull().default(0),
    cancelled_runs: integer().notNull().default(0),
    /** Runs with an outcome that had a goal verdict (assertions), and those that met the goal. */
    goal_verdicts: integer().notNull().default(0),
    goal_successes: integer().notNull().default(0),
    /** Failed and timed-out runs by error code ("UNKNOWN" when none was recorded). */
    errors: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** Sketches (DDSketchJson) of completed runs' figures; null while no run had the figure. */
    total_sketch: jsonb().$type<unknown>(),
    ttft_sketch: jsonb().$type<unknown>(),
    itl_sketch: jsonb().$type<unknown>(),
    cost_sketch: jsonb().$type<unknown>(),
    updated_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'run_rollups_pkey', columns: [t.resolution, t.scenario_id, t.bucket_start] }),
    check('run_rollups_resolution_check', oneOf('resolution', ROLLUP_RESOLUTIONS)),
  ],
);

/**
 * Alerts of scheduled scenarios: a threshold breached over a rolling window, or a regression
 * against a baseline window. One row per episode: inserted when the rule starts firing, closed
 * (state resolved) when it recovers; a rule has at most one firing row (partial unique index).
 */
export const alerts = pgTable(
  'alerts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    scenario_id: integer()
      .notNull()
      .references(() => scenarios.id, { onDelete: 'cascade' }),
    kind: text().$type<AlertKind>().notNull(),
    /** The rule: a canonical threshold expression, or `regression(<metric>)`. */
    rule: text().notNull(),
    state: text().$type<AlertState>().notNull().default('firing'),
    /** The figure that breached (or the candidate window's median, for a regression). */
    observed: doublePrecision(),
    /** The figure of the latest evaluation (updated while firing; the recovered one once resolved). */
    last_observed: doublePrecision(),
    /** Values the latest evaluation rested on. */
    n: integer().notNull().default(0),
    /** What was evaluated: window, evaluation or comparison, as JSON. */
    details: jsonb().$type<JsonObject>().notNull().default({}),
    fired_at: timestamptz().notNull().defaultNow(),
    resolved_at: timestamptz(),
    last_evaluated_at: timestamptz().notNull().defaultNow(),
    /** When someone said they are on it (POST /alerts/{id}/acknowledge). */
    acknowledged_at: timestamptz(),
    /**
     * No notification of this alert, nor of a new episode of the same rule of the same scenario
     * that fires before then, is sent until this time.
     */
    silenced_until: timestamptz(),
    /** No notification of this alert is sent, its resolution included. */
    silenced_until_resolved: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    check('alerts_kind_check', oneOf('kind', ALERT_KINDS)),
    check('alerts_state_check', oneOf('state', ALERT_STATES)),
    uniqueIndex('alerts_one_firing_idx').on(t.scenario_id, t.kind, t.rule).where(sql`${t.state} = 'firing'`),
    index('alerts_fired_at_idx').on(t.fired_at),
    index('alerts_scenario_id_fired_at_idx').on(t.scenario_id, t.fired_at),
  ],
);

/** Every attempt to deliver an alert's notification to its webhook, successful or not. */
export const alert_deliveries = pgTable(
  'alert_deliveries',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    alert_id: integer()
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    event: text().$type<AlertEvent>().notNull(),
    /** 1 for the first try of this event, 2 for the first retry, ... */
    attempt: integer().notNull(),
    /** The webhook as scheme://host/…: paths of chat webhooks carry secrets and are not stored. */
    target: text().notNull(),
    delivered: boolean().notNull(),
    http_status: integer(),
    error: text(),
    duration_ms: doublePrecision().notNull(),
    attempted_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('alert_deliveries_event_check', oneOf('event', ALERT_EVENTS)),
    index('alert_deliveries_alert_id_idx').on(t.alert_id, t.id),
  ],
);

export type Automation = typeof automations.$inferSelect;
export type NewAutomation = typeof automations.$inferInsert;
export type Scenario = typeof scenarios.$inferSelect;
export type NewScenario = typeof scenarios.$inferInsert;
export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type RunEvent = typeof run_events.$inferSelect;
export type NewRunEvent = typeof run_events.$inferInsert;
export type Benchmark = typeof benchmarks.$inferSelect;
export type NewBenchmark = typeof benchmarks.$inferInsert;
export type RunRollup = typeof run_rollups.$inferSelect;
export type NewRunRollup = typeof run_rollups.$inferInsert;
export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
export type AlertDelivery = typeof alert_deliveries.$inferSelect;
export type NewAlertDelivery = typeof alert_deliveries.$inferInsert;

/**
 * Processes that execute runs, each with the runs it holds at once. A worker writes its row
 * when it starts and beats it while it lives; one whose beat is older than the run lock
 * duration is gone. Their sum is what a benchmark's concurrency is admitted against.
 */
export const workers = pgTable(
  'workers',
  {
    /** The engine's worker id (host:pid:random), as in `runs.worker_id`. */
    id: text().primaryKey(),
    /** Runs this process executes at once (its WORKER_CONCURRENCY, or the sized default). */
    concurrency: integer().notNull(),
    started_at: timestamptz().notNull().defaultNow(),
    heartbeat_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [index('workers_heartbeat_at_idx').on(t.heartbeat_at)],
);

export type Worker = typeof workers.$inferSelect;

export * from './schema-accounts.js';
export * from './schema-datasets.js';
