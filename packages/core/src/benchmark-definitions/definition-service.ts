/**
 * Saved benchmark definitions: a name, a scenario and a benchmark request's load settings,
 * checked by the same rules as a benchmark request when they are saved (so a definition that
 * is stored can be started), listed, read, changed and deleted. Names are unique, as
 * scenarios' are. Starting one is run-benchmark-definition.ts.
 */
import { NotFoundError } from '@tfbench/domain/errors';
import type { JsonObject } from '@tfbench/domain/model';
import { type CreateBenchmarkInput, checkBenchmarkInput } from '../benchmarks/settings.js';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { BenchmarkDefinition } from '../db/schema.js';
import {
  countBenchmarkDefinitions,
  deleteBenchmarkDefinitionById,
  insertBenchmarkDefinition,
  selectBenchmarkDefinitionById,
  selectBenchmarkDefinitions,
  updateBenchmarkDefinitionById,
} from '../repositories/benchmark-definitions.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { checkedPage, IssueList, requireExistingId, requireFound } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { assertNameFree } from '../services/unique-name.js';

/** A definition as the API takes it: the benchmark request's fields with a required name. */
export type BenchmarkDefinitionInput = Omit<CreateBenchmarkInput, 'name'> & { name: string };

/** The load settings a definition stores: the request without its scenario and name, nulls left out. */
export function definitionSettings(input: Partial<BenchmarkDefinitionInput>): JsonObject {
  const { scenario_id: _scenario, name: _name, ...settings } = input;
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined && value !== null),
  ) as JsonObject;
}

/** The benchmark request a definition makes. */
export function benchmarkRequestOf(definition: BenchmarkDefinition): CreateBenchmarkInput {
  return {
    ...(definition.settings as object),
    scenario_id: definition.scenario_id,
    name: definition.name,
  } as CreateBenchmarkInput;
}

/** 400 naming every bad field; 404 naming scenario_id for a scenario that does not exist. */
async function checkDefinition(deps: CoreDeps, input: BenchmarkDefinitionInput): Promise<number> {
  const issues = new IssueList();
  if (typeof input.name !== 'string' || input.name.trim() === '')
    issues.add('name', 'must be a non-empty string');
  issues.throwIfAny();
  checkBenchmarkInput(input);
  const scenarioId = requireExistingId('scenario', input.scenario_id, 'scenario_id');
  if (!(await selectScenarioById(deps.db.db, scenarioId))) {
    throw new NotFoundError('scenario', scenarioId, { field: 'scenario_id' });
  }
  return scenarioId;
}

/**
 * @example
 * await createBenchmarkDefinition(deps, { name: 'nightly', scenario_id: 1, iterations: 50, concurrency: 5 });
 */
export async function createBenchmarkDefinition(
  deps: CoreDeps,
  input: BenchmarkDefinitionInput,
): Promise<BenchmarkDefinition> {
  const scenarioId = await checkDefinition(deps, input);
  return writing(scenarioId, () =>
    deps.db.db.transaction(async (tx) => {
      await assertNameFree(tx, 'benchmark definition', input.name);
      return insertBenchmarkDefinition(tx, {
        name: input.name,
        scenario_id: scenarioId,
        settings: definitionSettings(input),
      });
    }),
  );
}

/**
 * The fields given replace the stored ones (null clears an optional setting); the result is
 * checked whole, as a new definition would be.
 */
export async function updateBenchmarkDefinition(
  deps: CoreDeps,
  id: number,
  input: Partial<BenchmarkDefinitionInput>,
): Promise<BenchmarkDefinition> {
  const current = await getBenchmarkDefinition(deps, id);
  const merged = {
    ...benchmarkRequestOf(current),
    ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
  } as BenchmarkDefinitionInput;
  const scenarioId = await checkDefinition(deps, merged);
  const updated = await writing(scenarioId, () =>
    deps.db.db.transaction(async (tx) => {
      await assertNameFree(tx, 'benchmark definition', merged.name, current.id);
      return updateBenchmarkDefinitionById(tx, current.id, {
        name: merged.name,
        scenario_id: scenarioId,
        settings: definitionSettings(merged),
      });
    }),
  );
  if (!updated) throw new NotFoundError('benchmark definition', current.id);
  return updated;
}

export async function getBenchmarkDefinition(deps: CoreDeps, id: number): Promise<BenchmarkDefinition> {
  return requireFound('benchmark definition', id, (definitionId) =>
    selectBenchmarkDefinitionById(deps.db.db, definitionId),
  );
}

/** Oldest first, one page. */
export async function listBenchmarkDefinitions(deps: CoreDeps, params: { skip?: number; limit?: number }) {
  const page = checkedPage(params);
  const { db } = deps.db;
  return { items: await selectBenchmarkDefinitions(db, page), total: await countBenchmarkDefinitions(db) };
}

/** Deletes the definition; the benchmarks it started stay. 404 for an unknown one. */
export async function deleteBenchmarkDefinition(deps: CoreDeps, id: number): Promise<void> {
  const definitionId = requireExistingId('benchmark definition', id);
  if (!(await deleteBenchmarkDefinitionById(deps.db.db, definitionId))) {
    throw new NotFoundError('benchmark definition', definitionId);
  }
}

/** The scenario deleted between the check and the write is a 404 on scenario_id too. */
async function writing<T>(scenarioId: number, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isForeignKeyError(error))
      throw new NotFoundError('scenario', scenarioId, { field: 'scenario_id', cause: error });
    throw error;
  }
}
