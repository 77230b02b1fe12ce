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
export * from './schema-accounts.js';
export * from './schema-alerts.js';
export * from './schema-benchmark-definitions.js';
export * from './schema-datasets.js';
export * from './schema-runs.js';
export * from './schema-scenarios.js';
