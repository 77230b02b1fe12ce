/**
 * Datasets: named lists of rows (JSON objects) a scenario's benchmark maps into run inputs,
 * one row per run, through `{{row.FIELD}}` templates. Rows live in their own table, numbered
 * from 0 within their dataset, so a run stores the index of its row and results can be sliced
 * per row.
 */
import type { JsonObject } from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { configKeyIndex, configManaged, createdAt, oneOf, parentId, timestamptz } from './schema-columns.js';

export const DATASET_SOURCES = ['json', 'jsonl', 'csv', 'sharegpt', 'synthetic'] as const;
export type DatasetSource = (typeof DATASET_SOURCES)[number];

export const datasets = pgTable(
  'datasets',
  {
    ...configManaged(),
    /** Where the rows came from: a JSON body, an uploaded file's format, or the generator. */
    source: text().$type<DatasetSource>().notNull(),
    row_count: integer().notNull(),
    /** The union of the rows' field names, in first-seen order. */
    fields: jsonb().$type<string[]>().notNull(),
    /** The generator's parameters (synthetic datasets); null for uploads. */
    synthetic: jsonb().$type<JsonObject>(),
    created_at: createdAt(),
    updated_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('datasets_source_check', oneOf('source', DATASET_SOURCES)),
    check('datasets_row_count_check', sql`${t.row_count} >= 0`),
    configKeyIndex('datasets', t.key),
  ],
);

export const dataset_rows = pgTable(
  'dataset_rows',
  {
    dataset_id: parentId(() => datasets.id, 'cascade'),
    /** 0-based position in the dataset. */
    idx: integer().notNull(),
    data: jsonb().$type<JsonObject>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataset_id, t.idx] })],
);

export type Dataset = typeof datasets.$inferSelect;
export type NewDataset = typeof datasets.$inferInsert;
export type DatasetRow = typeof dataset_rows.$inferSelect;
