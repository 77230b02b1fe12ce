/**
 * Vocabulary shared by the schema, the services and the apps: the allowed values of every
 * enumerated column and the shapes of the JSON columns. The database enforces the enums with
 * CHECK constraints built from these same lists, so the two cannot drift.
 */
import type { Summary } from '../statistics/summarize.js';

/** Lifecycle of one run. `timeout` is distinct from `failed`: the run exceeded its time budget. */
export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Statuses that count as an outcome of the work under test. `cancelled` is left out on
 * purpose: a cancel is a user's decision, not a success or failure of the automation.
 */
export const OUTCOME_RUN_STATUSES = [
  'completed',
  'failed',
  'timeout',
] as const satisfies readonly RunStatus[];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES = [
  'completed',
  'failed',
  'cancelled',
  'timeout',
] as const satisfies readonly RunStatus[];

/** What started a run. */
export const RUN_TRIGGERS = ['manual', 'benchmark', 'schedule', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const BENCHMARK_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

/**
 * Which provider executes an automation's runs (`automations.provider`): a name, where
 * `Provider` of the provider contract is the thing that executes.
 */
export const PROVIDERS = ['tinyfish', 'openai'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The run modes of every provider (TinyFish: sse, sync, async; OpenAI-compatible: stream, non_stream); each provider's config schema says which are its own. */
export const AUTOMATION_MODES = ['sse', 'sync', 'async', 'stream', 'non_stream'] as const;
export type AutomationMode = (typeof AUTOMATION_MODES)[number];

/** A JSON object as stored in a jsonb column. */
export type JsonObject = Record<string, unknown>;

/** `automations.config`: how runs of this automation are executed. Unknown keys are kept; null means unset. */
export interface AutomationConfig {
  mode?: AutomationMode | null;
  /** Where this automation's runs go instead of the provider's server-wide base URL. */
  base_url?: string | null;
  [key: string]: unknown;
}

/**
 * What one tick of a scenario's schedule starts: one run (the default), or a benchmark of
 * `run_settings.iterations` runs (docs/schedules.md).
 */
export const SCHEDULE_KINDS = ['run', 'benchmark'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/**
 * `scenarios.run_settings`: the scenario's schedule, load and budget, plus the provider's
 * `RunSettings` it passes on to every run. Unknown keys are kept, as in the original service;
 * null means unset.
 */
export interface ScenarioRunSettings {
  interval_seconds?: number | null;
  cron?: string | null;
  /** Absent or null: `run`. */
  schedule_kind?: ScheduleKind | null;
  concurrency?: number | null;
  iterations?: number | null;
  timeout_s?: number | null;
  [key: string]: unknown;
}

/**
 * `runs.inter_token_stats`: statistics, in milliseconds, of the gaps between consecutive
 * progress events (see docs/metrics.md). Figures are null when there were too few events.
 */
export type InterTokenStats = Summary & { [key: string]: unknown };

/**
 * One element of `runs.attempts` as read back from the database: a provider's `RunAttempt`,
 * typed loosely because the column holds whatever JSON the provider recorded.
 */
export interface StoredRunAttempt {
  attempt: number;
  started_at?: string;
  error?: string | null;
  error_code?: string | null;
  http_status?: number | null;
  [key: string]: unknown;
}

/** One element of `runs.assertion_results`. */
export interface AssertionResult {
  assertion: unknown;
  passed: boolean;
  message?: string;
  [key: string]: unknown;
}

/** What raised an alert: a threshold breached over a rolling window, or a detected regression. */
export const ALERT_KINDS = ['threshold', 'regression'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Stored states of an alert. "ok" is not stored: a rule is ok while it has no firing alert.
 * ok -> firing (a row is inserted) -> resolved (the row is closed); a new breach is a new row.
 */
export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The notification an alert delivers on each transition. */
export const ALERT_EVENTS = ['firing', 'resolved'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** Granularities of the run rollups (packages/core/src/rollups). */
export const ROLLUP_RESOLUTIONS = ['minute', 'hour', 'day'] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

/** Roles of users and API keys, strongest first; each may do everything the ones after it may. */
export const ROLES = ['admin', 'editor', 'runner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
