/**
 * The wire contract of the tfbench API: the zod schemas that validate every request and
 * serialize every response (the API also generates its OpenAPI document from them), and the
 * types inferred from them for clients such as the dashboard.
 *
 * Type names follow one rule: a resource's name (`Run`, `Benchmark`) is the JSON the API
 * returns; a request body's name (`ScenarioCreate`, `RunTriggerRequest`) is the JSON a client sends;
 * a `...Query` is a query string's parameters as the API reads them (numbers, dates).
 */
export * from './alerts.js';
export * from './analytics.js';
export * from './automations.js';
export * from './benchmarks.js';
export * from './common.js';
export * from './errors.js';
export * from './events.js';
export * from './health.js';
export * from './runs.js';
export * from './scenarios.js';
export * from './schedules.js';
export * from './vocabulary.js';
