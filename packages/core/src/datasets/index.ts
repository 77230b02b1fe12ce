/**
 * `@tfbench/core/datasets`: named lists of rows (uploaded as JSONL, CSV or ShareGPT JSON, given
 * as JSON, or generated) that a benchmark maps into run inputs.
 */
export {
  type CreateDatasetInput,
  createDataset,
  type DatasetView,
  deleteDataset,
  getDataset,
  listDatasetRows,
  listDatasets,
  replaceDataset,
  storeDatasetFile,
  uploadDataset,
} from './dataset-service.js';
export { DATASET_FILE_FORMATS, DATASET_LIMITS, type DatasetFileFormat } from './limits.js';
export { parseCsv } from './parse-csv.js';
export { fileTooLarge } from './parse-error.js';
export { parseJsonl } from './parse-jsonl.js';
export { parseShareGpt } from './parse-sharegpt.js';
export { type DatasetFileSource, readDatasetFile } from './read-dataset-file.js';
export { type SyntheticSpec, syntheticRows, WORDS_PER_TOKEN } from './synthetic.js';
