/**
 * The wire contract of the tfbench API: the zod schemas that validate every request and
 * serialize every response (the API also generates its OpenAPI document from them), and the
 * types inferred from them for clients such as the dashboard.
 *
 * Type names follow one rule: a resource's name (`Run`, `Benchmark`) is the JSON the API
 * returns; a request body's name (`ScenarioCreate`, `RunTriggerRequest`) is the JSON a client sends;
 * a `...Query` is a query string's parameters as the API reads them (numbers, dates).
 *
 * Imports inside this package name the `.ts` file, not a `.js` one as elsewhere: the
 * dashboard's bundler (Turbopack) compiles the package from source and, unlike TypeScript,
 * does not map a `.js` suffix to the `.ts` file.
 */
export * from './alerts.ts';
export * from './analytics.ts';
export * from './auth.ts';
export * from './automation-credentials.ts';
export * from './automations.ts';
export * from './benchmark-definitions.ts';
export * from './benchmark-load.ts';
export * from './benchmark-series.ts';
export * from './benchmarks.ts';
export * from './common.ts';
export * from './configuration.ts';
export * from './datasets.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './health.ts';
export * from './providers/index.ts';
export * from './runs.ts';
export * from './scenarios.ts';
export * from './schedules.ts';
export * from './vocabulary.ts';
