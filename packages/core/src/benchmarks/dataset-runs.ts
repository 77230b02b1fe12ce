/**
 * The inputs of a benchmark's runs over a dataset: the scenario's resolved inputs with
 * `{{row.FIELD}}` filled from the row each run takes. The dataset must exist and have every
 * field the templates name; otherwise nothing is created (404 on dataset.id, 400 on dataset).
 */
import { NotFoundError, ValidationError } from '@tfbench/domain/errors';
import type { JsonObject } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import { selectDatasetById, selectDatasetRows } from '../repositories/datasets.js';
import { applyRowTemplates, type DatasetRef, rowIndexes, templateFields } from './dataset-inputs.js';

export async function datasetRunInputs(
  tx: Executor,
  ref: DatasetRef,
  inputs: JsonObject,
  count: number,
): Promise<Array<{ inputs: JsonObject; row: number }>> {
  const dataset = await selectDatasetById(tx, ref.id);
  if (!dataset) throw new NotFoundError('dataset', ref.id, { field: 'dataset.id' });
  const missing = [...templateFields(inputs)].filter((field) => !dataset.fields.includes(field));
  if (missing.length > 0) {
    throw new ValidationError([
      {
        field: 'dataset',
        message: `the inputs use ${missing.map((field) => `{{row.${field}}}`).join(', ')} but dataset ${dataset.id} has no such field (it has ${dataset.fields.join(', ') || 'none'})`,
      },
    ]);
  }
  if (dataset.row_count === 0)
    throw new ValidationError([{ field: 'dataset', message: 'the dataset has no rows' }]);
  const rows = await selectDatasetRows(tx, dataset.id, { skip: 0, limit: dataset.row_count });
  return rowIndexes(ref, rows.length, count).map((index) => ({
    inputs: applyRowTemplates(inputs, rows[index]?.data ?? {}) as JsonObject,
    row: index,
  }));
}
