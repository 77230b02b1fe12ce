/**
 * Saved benchmark definitions: a scenario and the load settings a benchmark request takes,
 * stored under a name (and, once configuration as code applied it, a key), so the same
 * benchmark can be started again and again without restating its settings.
 */
import type { JsonObject } from '@tfbench/domain/model';
import { index, jsonb, pgTable } from 'drizzle-orm/pg-core';
import { configKeyIndex, configManaged, parentId, timestamps } from './schema-columns.js';
import { scenarios } from './schema-scenarios.js';

export const benchmark_definitions = pgTable(
  'benchmark_definitions',
  {
    ...configManaged(),
    // A definition means nothing without its scenario: deleting the scenario deletes it.
    scenario_id: parentId(() => scenarios.id, 'cascade'),
    /** The benchmark request's fields other than scenario_id and name (iterations, concurrency, ...). */
    settings: jsonb().$type<JsonObject>().notNull(),
    ...timestamps(),
  },
  (t) => [
    index('benchmark_definitions_scenario_id_idx').on(t.scenario_id),
    configKeyIndex('benchmark_definitions', t.key),
  ],
);

export type BenchmarkDefinition = typeof benchmark_definitions.$inferSelect;
export type NewBenchmarkDefinition = typeof benchmark_definitions.$inferInsert;
