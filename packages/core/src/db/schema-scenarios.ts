/**
 * Automations, the scenarios that run them, and benchmarks of a scenario.
 */
import {
  type AutomationConfig,
  BENCHMARK_STATUSES,
  type BenchmarkStatus,
  type JsonObject,
  PROVIDERS,
  type ProviderName,
  type ScenarioRunSettings,
} from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { StoredAutomationSecrets } from '../secrets/automation-credentials.js';
import {
  configKeyIndex,
  configManaged,
  identity,
  oneOf,
  parentId,
  timestamps,
  timestamptz,
} from './schema-columns.js';

export const automations = pgTable(
  'automations',
  {
    ...configManaged(),
    tinyfish_automation_id: text(),
    description: text(),
    default_inputs: jsonb().$type<JsonObject>().notNull().default({}),
    provider: text().$type<ProviderName>().notNull().default('tinyfish'),
    config: jsonb().$type<AutomationConfig>().notNull().default({}),
    /** Credentials given in `config`, sealed (secrets/automation-credentials.ts); never sent out. */
    secrets: jsonb().$type<StoredAutomationSecrets>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    check('automations_provider_check', oneOf('provider', PROVIDERS)),
    configKeyIndex('automations', t.key),
  ],
);

export const scenarios = pgTable(
  'scenarios',
  {
    ...configManaged(),
    automation_id: parentId(() => automations.id, 'restrict'),
    description: text(),
    inputs_template: jsonb().$type<JsonObject>().notNull().default({}),
    run_settings: jsonb().$type<ScenarioRunSettings>().notNull().default({}),
    /** Threshold expressions such as "p95(total_duration_ms) < 30000", checked by benchmarks. */
    thresholds: jsonb().$type<string[]>().notNull().default([]),
    assertions: jsonb().$type<unknown[]>().notNull().default([]),
    schedule_enabled: boolean().notNull().default(false),
    /** When the scheduler fires this scenario next; null while the schedule is off. */
    next_run_at: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    index('scenarios_automation_id_idx').on(t.automation_id),
    configKeyIndex('scenarios', t.key),
    // The scheduler's only query: due scenarios among the enabled ones.
    index('scenarios_next_run_at_idx').on(t.next_run_at).where(sql`${t.schedule_enabled}`),
  ],
);

export const benchmarks = pgTable(
  'benchmarks',
  {
    id: identity(),
    scenario_id: parentId(() => scenarios.id, 'restrict'),
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
    ...timestamps(),
  },
  (t) => [
    check('benchmarks_status_check', oneOf('status', BENCHMARK_STATUSES)),
    index('benchmarks_scenario_id_idx').on(t.scenario_id),
  ],
);

export type Automation = typeof automations.$inferSelect;
export type NewAutomation = typeof automations.$inferInsert;
export type Scenario = typeof scenarios.$inferSelect;
export type NewScenario = typeof scenarios.$inferInsert;
export type Benchmark = typeof benchmarks.$inferSelect;
export type NewBenchmark = typeof benchmarks.$inferInsert;
