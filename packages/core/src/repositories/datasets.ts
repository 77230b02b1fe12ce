/** SQL for datasets and their rows. */
import type { JsonObject } from '@tfbench/domain/model';
import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  type Dataset,
  type DatasetRow,
  dataset_rows,
  datasets,
  type NewDataset,
  scenarios,
} from '../db/schema.js';
import type { Page } from './page.js';
import { insertRow, selectRowById } from './rows.js';

/** Rows per INSERT statement: big enough to be quick, small enough for PGlite's event loop. */
const ROW_INSERT_CHUNK = 1_000;

export function insertDataset(db: Executor, values: NewDataset): Promise<Dataset> {
  return insertRow(db, datasets, values);
}

/** Stores `rows` as rows 0..n-1 of the dataset, in slices. */
export async function insertDatasetRows(
  db: Executor,
  datasetId: number,
  rows: readonly JsonObject[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROW_INSERT_CHUNK) {
    const slice = rows.slice(start, start + ROW_INSERT_CHUNK);
    await db
      .insert(dataset_rows)
      .values(slice.map((data, k) => ({ dataset_id: datasetId, idx: start + k, data })));
  }
}

export function selectDatasetById(db: Executor, id: number): Promise<Dataset | undefined> {
  return selectRowById(db, datasets, id);
}

/** Newest first. */
export async function selectDatasets(db: Executor, page: Page): Promise<{ items: Dataset[]; total: number }> {
  const [items, [total]] = await Promise.all([
    db.select().from(datasets).orderBy(desc(datasets.id)).offset(page.skip).limit(page.limit),
    db.select({ total: count() }).from(datasets),
  ]);
  return { items, total: total?.total ?? 0 };
}

/** Every row of a dataset, in order (configuration as code compares and exports them all). */
export async function selectAllDatasetRows(db: Executor, datasetId: number): Promise<JsonObject[]> {
  const rows = await db
    .select({ data: dataset_rows.data })
    .from(dataset_rows)
    .where(eq(dataset_rows.dataset_id, datasetId))
    .orderBy(asc(dataset_rows.idx));
  return rows.map((row) => row.data);
}

/** Sets the dataset's columns (bumping updated_at) and removes all its rows, for new ones. */
export async function resetDataset(
  db: Executor,
  id: number,
  values: Pick<NewDataset, 'name' | 'source' | 'row_count' | 'fields' | 'synthetic'>,
): Promise<Dataset | undefined> {
  const [row] = await db
    .update(datasets)
    .set({ ...values, updated_at: sql`now()` })
    .where(eq(datasets.id, id))
    .returning();
  if (row) await db.delete(dataset_rows).where(eq(dataset_rows.dataset_id, id));
  return row;
}

/** Rows from index `skip`, `limit` of them, in order. */
export function selectDatasetRows(db: Executor, datasetId: number, page: Page): Promise<DatasetRow[]> {
  return db
    .select()
    .from(dataset_rows)
    .where(
      and(
        eq(dataset_rows.dataset_id, datasetId),
        gte(dataset_rows.idx, page.skip),
        lt(dataset_rows.idx, page.skip + page.limit),
      ),
    )
    .orderBy(asc(dataset_rows.idx));
}

/** Deletes the dataset and (by cascade) its rows; false when there was none. */
export async function deleteDatasetById(db: Executor, id: number): Promise<boolean> {
  const rows = await db.delete(datasets).where(eq(datasets.id, id)).returning({ id: datasets.id });
  return rows.length > 0;
}

const usesDataset = (id: number) => sql`${scenarios.run_settings}->'dataset'->>'id' = ${String(id)}`;

/** Ids of the scenarios whose run_settings.dataset names this dataset. */
export async function selectScenarioIdsUsingDataset(db: Executor, id: number): Promise<number[]> {
  const rows = await db.select({ id: scenarios.id }).from(scenarios).where(usesDataset(id));
  return rows.map((row) => row.id);
}

/** Removes run_settings.dataset from the scenarios that name this dataset. */
export async function clearDatasetFromScenarios(db: Executor, id: number): Promise<void> {
  await db
    .update(scenarios)
    .set({ run_settings: sql`${scenarios.run_settings} - 'dataset'`, updated_at: sql`now()` })
    .where(usesDataset(id));
}
