/**
 * Data access: all SQL of tfbench lives in these modules, named for the table and what they
 * do with it (a busy table such as `runs` has several). Every function
 * takes an Executor (the database or an open transaction) first, so a service can run
 * several of them atomically. Queries are built with Drizzle, so values are always bound
 * parameters; nothing here concatenates input into SQL.
 */
export * from './alerts.js';
export * from './api-keys.js';
export * from './audit-log.js';
export * from './automations.js';
export * from './benchmark-run-counts.js';
export * from './benchmark-runs-create.js';
export * from './benchmark-runs-dispatch.js';
export * from './benchmark-runs-end.js';
export * from './benchmark-summary.js';
export * from './benchmarks.js';
export * from './config-keys.js';
export * from './database-clock.js';
export * from './live-metrics.js';
export type { Page } from './page.js';
export * from './run-analytics.js';
export * from './run-events.js';
export * from './run-rollups.js';
export * from './runs.js';
export * from './runs-bulk.js';
export * from './runs-finish.js';
export * from './runs-lifecycle.js';
export * from './runs-recovery.js';
export * from './scenarios.js';
export * from './schedules.js';
export * from './sessions.js';
export * from './spend.js';
export * from './users.js';
export * from './workers.js';
