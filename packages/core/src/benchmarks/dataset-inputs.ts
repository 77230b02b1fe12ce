/**
 * A benchmark over a dataset: which row each run takes (`order`), and how a row becomes the
 * run's inputs (`{{row.FIELD}}` templates in the scenario's inputs). Pure functions; the rows
 * are read once when the benchmark is created and each run stores its inputs and row index.
 */
import type { JsonObject } from '@tfbench/domain/model';

type JsonValue = unknown;

import { createRandom } from '@tfbench/domain/statistics';
import { type IssueList, isPlainObject } from '../services/checks.js';

export const DATASET_ORDERS = ['sequential', 'shuffle', 'sample'] as const;
export type DatasetOrder = (typeof DATASET_ORDERS)[number];

/** `"dataset": {"id", "order", "seed"}` as stored in the settings. */
export interface DatasetRef {
  id: number;
  order: DatasetOrder;
  seed: number;
}

/** Issues of a `dataset` reference, each named (`dataset.order`). */
export function collectDatasetRefIssues(field: string, value: unknown, issues: IssueList): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) {
    issues.add(field, 'must be an object {"id", "order"?, "seed"?}');
    return;
  }
  for (const key of Object.keys(value)) {
    if (!['id', 'order', 'seed'].includes(key)) issues.add(`${field}.${key}`, 'is not a field of dataset');
  }
  const { id, order, seed } = value;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2_147_483_647)
    issues.add(`${field}.id`, 'must be the id of a dataset');
  if (order !== undefined && !(DATASET_ORDERS as readonly unknown[]).includes(order))
    issues.add(`${field}.order`, `must be one of ${DATASET_ORDERS.join(', ')}`);
  if (
    seed !== undefined &&
    (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295)
  )
    issues.add(`${field}.seed`, 'must be a whole number from 0 to 4294967295');
}

/** The stored reference of a checked request (order sequential, seed 1 by default). */
export function toDatasetRef(value: unknown): DatasetRef | null {
  if (!isPlainObject(value)) return null;
  return {
    id: value.id as number,
    order: (value.order as DatasetOrder | undefined) ?? 'sequential',
    seed: (value.seed as number | undefined) ?? 1,
  };
}

/**
 * The row index of each of `count` runs over `rows` rows. `sequential`: 0, 1, 2, ... wrapping
 * around; `shuffle`: a seeded permutation, the same one again on each pass; `sample`: drawn
 * uniformly with replacement.
 *
 * @example
 * rowIndexes({ order: 'sequential', seed: 1 }, 3, 5); // [0, 1, 2, 0, 1]
 */
export function rowIndexes(ref: Pick<DatasetRef, 'order' | 'seed'>, rows: number, count: number): number[] {
  const random = createRandom(ref.seed);
  if (ref.order === 'sample') return Array.from({ length: count }, () => random.int(rows));
  const pass = Array.from({ length: rows }, (_, i) => i);
  if (ref.order === 'shuffle') {
    for (let i = rows - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [pass[i], pass[j]] = [pass[j] as number, pass[i] as number];
    }
  }
  return Array.from({ length: count }, (_, k) => pass[k % rows] as number);
}

const TEMPLATE = /\{\{\s*row\.([A-Za-z0-9_$-]+)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*row\.([A-Za-z0-9_$-]+)\s*\}\}$/;

/** The row fields a template value refers to. */
export function templateFields(value: JsonValue, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const match of value.matchAll(TEMPLATE)) into.add(match[1] as string);
  else if (Array.isArray(value)) for (const item of value) templateFields(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) templateFields(item as JsonValue, into);
  return into;
}

/**
 * `value` with `{{row.FIELD}}` replaced from `row`: a string that is exactly one template takes
 * the field's value as it is (a number stays a number); inside longer text the value is written
 * as text (objects as JSON). A field the row lacks becomes the empty string.
 *
 * @example
 * applyRowTemplates({ url: '{{row.url}}', goal: 'Find {{row.item}}' }, { url: 'https://a', item: 'x' });
 * // { url: 'https://a', goal: 'Find x' }
 */
export function applyRowTemplates(value: JsonValue, row: JsonObject): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE_TEMPLATE.exec(value);
    if (whole) return row[whole[1] as string] ?? '';
    return value.replace(TEMPLATE, (_, field: string) => {
      const found = row[field];
      if (found === undefined || found === null) return '';
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => applyRowTemplates(item, row));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, applyRowTemplates(item as JsonValue, row)]),
    );
  }
  return value;
}
