/**
 * Runs and what they leave: their events, the per-bucket rollups of finished runs, and the
 * worker processes that execute them.
 */
import {
  type AssertionResult,
  type InterTokenStats,
  type JsonObject,
  ROLLUP_RESOLUTIONS,
  type RollupResolution,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type RunStatus,
  type RunTrigger,
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
  pgView,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { createdAt, identity, oneOf, parentId, timestamps, timestamptz } from './schema-columns.js';
import { benchmarks, scenarios } from './schema-scenarios.js';

export const runs = pgTable(
  'runs',
  {
    id: identity(),
    scenario_id: parentId(() => scenarios.id, 'restrict'),
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
    ...timestamps(),
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

/**
 * A run's events as they were written: each row holds the events of one write (a background
 * batch while the run goes on, or the rest with its outcome), in stream order. One row per
 * write rather than per event: a closed-loop run writes about six events, and a row each cost
 * the database a heap tuple and a primary-key entry apiece (docs/performance.md). Each event
 * is an object {seq, type, at_ms, server_timestamp, payload}; `run_events` reads them back one
 * row per event.
 */
export const run_event_batches = pgTable(
  'run_event_batches',
  {
    run_id: parentId(() => runs.id, 'cascade'),
    /** `seq` of the first and the last event of the row. */
    first_seq: integer().notNull(),
    last_seq: integer().notNull(),
    /** The events, ordered by `seq`: a JSON array of StoredRunEvent. */
    events: jsonb().$type<StoredRunEvent[]>().notNull(),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'run_event_batches_pkey', columns: [t.run_id, t.first_seq] }),
    check('run_event_batches_seq_check', sql`${t.first_seq} <= ${t.last_seq}`),
  ],
);

/** One event inside `run_event_batches.events`. */
export interface StoredRunEvent {
  seq: number;
  type: string;
  at_ms: number;
  /** ISO 8601, or null when the upstream sent none (or one we cannot read). */
  server_timestamp: string | null;
  payload: unknown;
}

/**
 * A run's timeline, one row per event: a view over `run_event_batches` (created by the
 * migration), so SQL that reads events keeps reading them by column.
 */
export const run_events = pgView('run_events', {
  run_id: integer().notNull(),
  /** Position of the event in the run's stream, increasing in arrival order. */
  seq: integer().notNull(),
  type: text().notNull(),
  /** Monotonic offset from the run's t0 in ms, not a wall-clock time. */
  at_ms: doublePrecision().notNull(),
  /** The timestamp the upstream put on the event, when it sent one. */
  server_timestamp: timestamptz(),
  payload: jsonb().$type<unknown>(),
  /** When the event's row of `run_event_batches` was written. */
  created_at: timestamptz().notNull(),
}).existing();

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

export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type RunEvent = typeof run_events.$inferSelect;
/** An event to store (see insertRunEventsIdempotent); `payload` defaults to null. */
export type NewRunEvent = Omit<RunEvent, 'created_at' | 'payload' | 'server_timestamp'> & {
  server_timestamp?: Date | null;
  payload?: unknown;
};
export type RunRollup = typeof run_rollups.$inferSelect;
export type NewRunRollup = typeof run_rollups.$inferInsert;

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
