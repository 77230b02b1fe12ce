/** SQL for saved benchmark definitions. */
import { asc } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type BenchmarkDefinition, benchmark_definitions } from '../db/schema.js';
import { type Page, selectPage } from './page.js';
import { countRows, rowOperations } from './rows.js';

/** Definitions in id order, one page of them. */
export function selectBenchmarkDefinitions(db: Executor, page: Page): Promise<BenchmarkDefinition[]> {
  return selectPage(db, benchmark_definitions, undefined, [asc(benchmark_definitions.id)], page);
}

export function countBenchmarkDefinitions(db: Executor): Promise<number> {
  return countRows(db, benchmark_definitions, undefined);
}

const definitionRows = rowOperations(benchmark_definitions);
export const selectBenchmarkDefinitionById = definitionRows.selectById;
export const insertBenchmarkDefinition = definitionRows.insert;
export const updateBenchmarkDefinitionById = definitionRows.updateById;
export const deleteBenchmarkDefinitionById = definitionRows.deleteById;
