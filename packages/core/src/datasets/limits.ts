/** Bounds of a dataset and the formats of an uploaded file: the contract documents the same, from one module. */
export {
  DATASET_FILE_FORMATS,
  DATASET_LIMITS,
  type DatasetFileFormat,
} from '@tfbench/domain/vocabulary';
