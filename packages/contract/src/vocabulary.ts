/**
 * The values the wire allows: every enumerated field and every documented bound. The contract
 * depends on nothing but zod and the import-free vocabulary of the domain: the lists shared
 * through that module are core's own; those stated here, the API's tests check against core's
 * (which the database's CHECK constraints are built from), so they cannot drift.
 */

export * from '@tfbench/domain/vocabulary';

/** Lifecycle of one run. `timeout` is distinct from `failed`: the run exceeded its time budget. */
export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

/** What started a run. */
export const RUN_TRIGGERS = ['manual', 'benchmark', 'schedule', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const BENCHMARK_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

export const BENCHMARK_VERDICTS = ['passed', 'failed', 'no_thresholds'] as const;
export type BenchmarkVerdict = (typeof BENCHMARK_VERDICTS)[number];

/** Which provider executes an automation's runs. */
export const PROVIDERS = ['tinyfish', 'openai'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The run modes of every provider (TinyFish: sse, sync, async; OpenAI-compatible: stream, non_stream); each provider's config schema says which are its own. */
export const AUTOMATION_MODES = ['sse', 'sync', 'async', 'stream', 'non_stream'] as const;
export type AutomationMode = (typeof AUTOMATION_MODES)[number];

/** What one tick of a scenario's schedule starts: one run, or a benchmark. */
export const SCHEDULE_KINDS = ['run', 'benchmark'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** How many recent runs a schedule's cost estimate is priced from. */
export const COST_SAMPLE_RUNS = 50;

/** What raised an alert: a threshold breached over a rolling window, or a detected regression. */
export const ALERT_KINDS = ['threshold', 'regression'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Longest silence of an alert: 30 days. */
export const MAX_SILENCE_S = 30 * 24 * 3600;

/** Longest run search text. */
export const MAX_RUN_SEARCH_LENGTH = 200;

/** Kinds of live events. */
export const LIVE_EVENT_KINDS = ['run.status', 'run.event', 'benchmark.progress'] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

/** Formats of the streamed run export. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Account roles, strongest first; each may do what the weaker ones may. */
export const ROLES = ['admin', 'editor', 'runner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Password length bounds: long enough to resist guessing, short enough to hash cheaply. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
