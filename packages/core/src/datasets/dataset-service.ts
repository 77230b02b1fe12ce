/**
 * Datasets as the API sees them: create (rows in a JSON body, an uploaded file, or synthetic),
 * list, read, page through the rows, delete. Each checks its input and answers 400 naming the
 * field (`rows.3`, `file` with the line, `synthetic.prompt_tokens.mean`); nothing is stored
 * unless everything is valid, and a dataset and its rows are stored in one transaction.
 */
import { ConflictError, NotFoundError } from '@tfbench/domain/errors';
import type { JsonObject } from '@tfbench/domain/model';
import type { Dataset, DatasetSource } from '../db/schema.js';
import {
  clearDatasetFromScenarios,
  deleteDatasetById,
  insertDataset,
  insertDatasetRows,
  resetDataset,
  selectDatasetById,
  selectDatasetRows,
  selectDatasets,
  selectScenarioIdsUsingDataset,
} from '../repositories/datasets.js';
import {
  checkedPage,
  IssueList,
  isPlainObject,
  requireExistingId,
  requireFound,
} from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { DATASET_LIMITS, type DatasetFileFormat } from './limits.js';
import { type DatasetFileSource, readDatasetFile } from './read-dataset-file.js';
import { checkSyntheticSpec, syntheticRows } from './synthetic.js';

/** A dataset as the API returns it (without its rows). */
export type DatasetView = Dataset;

/** POST /api/v1/datasets as JSON: rows given, or generated. */
export interface CreateDatasetInput {
  name: string;
  rows?: unknown[];
  synthetic?: unknown;
}

function checkName(name: unknown, issues: IssueList): void {
  if (typeof name !== 'string' || name.trim() === '' || name.length > DATASET_LIMITS.maxNameLength)
    issues.add('name', `must be a non-empty string of at most ${DATASET_LIMITS.maxNameLength} characters`);
}

/** Each row must be a JSON object of at most maxFields fields; issues name `<field>.<i>`. */
function checkRows(field: string, rows: readonly unknown[], issues: IssueList): void {
  if (rows.length === 0) issues.add(field, 'must hold at least one row');
  if (rows.length > DATASET_LIMITS.maxRows)
    issues.add(field, `must hold at most ${DATASET_LIMITS.maxRows} rows`);
  for (const [i, row] of rows.entries()) {
    if (!isPlainObject(row)) issues.add(`${field}.${i}`, 'must be a JSON object such as {"prompt": "..."}');
    else if (Object.keys(row).length > DATASET_LIMITS.maxFields)
      issues.add(`${field}.${i}`, `must have at most ${DATASET_LIMITS.maxFields} fields`);
    if (issues.issues.length >= 20) return;
  }
}

/** The union of the rows' field names, in first-seen order. */
function fieldsOf(rows: readonly JsonObject[]): string[] {
  const fields = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) fields.add(key);
  return [...fields];
}

interface StoredContents {
  name: string;
  source: DatasetSource;
  rows: JsonObject[];
  synthetic?: JsonObject;
}

async function store(deps: CoreDeps, values: StoredContents): Promise<DatasetView> {
  return deps.db.db.transaction(async (tx) => {
    const dataset = await insertDataset(tx, {
      name: values.name,
      source: values.source,
      row_count: values.rows.length,
      fields: fieldsOf(values.rows),
      synthetic: values.synthetic ?? null,
    });
    await insertDatasetRows(tx, dataset.id, values.rows);
    return dataset;
  });
}

/** The rows (and generator) a JSON body declares, checked: 400 naming the field otherwise. */
function declaredContents(input: CreateDatasetInput): Omit<StoredContents, 'name'> {
  const issues = new IssueList();
  checkName(input.name, issues);
  const hasRows = input.rows !== undefined && input.rows !== null;
  const hasSynthetic = input.synthetic !== undefined && input.synthetic !== null;
  if (hasRows === hasSynthetic) issues.add('rows', 'give either rows or synthetic (one of them)');
  else if (hasRows) {
    if (!Array.isArray(input.rows)) issues.add('rows', 'must be an array of JSON objects');
    else checkRows('rows', input.rows, issues);
  }
  issues.throwIfAny();
  if (hasSynthetic) {
    const spec = checkSyntheticSpec(input.synthetic);
    return { source: 'synthetic', rows: syntheticRows(spec), synthetic: { ...spec } };
  }
  return { source: 'json', rows: input.rows as JsonObject[] };
}

/**
 * Create a dataset from a JSON body: `rows` (objects) or `synthetic` (one of them).
 *
 * @example
 * await createDataset(deps, { name: 'prompts', rows: [{ prompt: 'hi' }, { prompt: 'yo' }] });
 * await createDataset(deps, { name: 'synthetic', synthetic: { rows: 100, prompt_tokens: { mean: 500, sd: 50 }, output_tokens: 100, seed: 1 } });
 */
export async function createDataset(deps: CoreDeps, input: CreateDatasetInput): Promise<DatasetView> {
  return store(deps, { name: input.name, ...declaredContents(input) });
}

/**
 * Replace a dataset's name and rows with the ones a JSON body declares, in one transaction;
 * its id stays, so the scenarios that name it keep it. Runs keep their row index.
 */
export async function replaceDataset(
  deps: CoreDeps,
  id: number,
  input: CreateDatasetInput,
): Promise<DatasetView> {
  const datasetId = requireExistingId('dataset', id);
  const contents = declaredContents(input);
  return deps.db.db.transaction(async (tx) => {
    const dataset = await resetDataset(tx, datasetId, {
      name: input.name,
      source: contents.source,
      row_count: contents.rows.length,
      fields: fieldsOf(contents.rows),
      synthetic: contents.synthetic ?? null,
    });
    if (!dataset) throw new NotFoundError('dataset', datasetId);
    await insertDatasetRows(tx, dataset.id, contents.rows);
    return dataset;
  });
}

/**
 * Create a dataset from an uploaded file (JSONL, CSV with a header line, or ShareGPT JSON),
 * read as it arrives: see readDatasetFile. A file that does not parse answers 400 on `file`
 * with the line (or item) and the reason, one over the byte limit 413; nothing is stored then.
 */
export async function uploadDataset(
  deps: CoreDeps,
  input: { name: unknown; format: DatasetFileFormat; file: DatasetFileSource },
): Promise<DatasetView> {
  checkUploadName(input.name);
  const rows = await readDatasetFile(input.format, input.file);
  return store(deps, { name: input.name as string, source: input.format, rows });
}

/** Store rows a caller has read with readDatasetFile (a multipart form reads its file before its end). */
export async function storeDatasetFile(
  deps: CoreDeps,
  input: { name: unknown; format: DatasetFileFormat; rows: JsonObject[] },
): Promise<DatasetView> {
  checkUploadName(input.name);
  return store(deps, { name: input.name as string, source: input.format, rows: input.rows });
}

function checkUploadName(name: unknown): void {
  const issues = new IssueList();
  checkName(name, issues);
  issues.throwIfAny();
}

export async function getDataset(deps: CoreDeps, id: number): Promise<DatasetView> {
  return requireFound('dataset', id, (datasetId) => selectDatasetById(deps.db.db, datasetId));
}

export async function listDatasets(deps: CoreDeps, params: { skip?: number; limit?: number }) {
  const page = checkedPage(params);
  return selectDatasets(deps.db.db, page);
}

/** A page of a dataset's rows: `{index, data}` in order. 404 for an unknown dataset. */
export async function listDatasetRows(deps: CoreDeps, id: number, params: { skip?: number; limit?: number }) {
  const dataset = await getDataset(deps, id);
  const page = checkedPage(params);
  const rows = await selectDatasetRows(deps.db.db, dataset.id, page);
  return { items: rows.map((row) => ({ index: row.idx, data: row.data })), total: dataset.row_count };
}

/**
 * Deletes a dataset and its rows. 404 for an unknown one; 409 while scenarios name it in
 * run_settings.dataset, unless `cascade`, which removes it from them. Runs keep their row index.
 */
export async function deleteDataset(
  deps: CoreDeps,
  id: number,
  options: { cascade?: boolean } = {},
): Promise<void> {
  const datasetId = requireExistingId('dataset', id);
  await deps.db.db.transaction(async (tx) => {
    const users = await selectScenarioIdsUsingDataset(tx, datasetId);
    if (users.length > 0 && !options.cascade) {
      throw new ConflictError(
        `dataset ${datasetId} is used by scenario${users.length > 1 ? 's' : ''} ${users.join(', ')}; delete with ?cascade=true to remove it from them`,
        { scenario_ids: users },
      );
    }
    if (users.length > 0) await clearDatasetFromScenarios(tx, datasetId);
    if (!(await deleteDatasetById(tx, datasetId))) throw new NotFoundError('dataset', datasetId);
  });
}
