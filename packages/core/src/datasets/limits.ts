/** Bounds of a dataset; the API documents the same numbers. */
export const DATASET_LIMITS = {
  /** An uploaded file or JSON body, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxNameLength: 200,
  /** Fields of one row. */
  maxFields: 100,
  /** One JSONL line or CSV record, in characters. */
  maxLineLength: 1_000_000,
  /** Synthetic datasets: most prompt or output tokens of one row. */
  maxSyntheticTokens: 100_000,
} as const;

/** The formats an uploaded file may have. */
export const DATASET_FILE_FORMATS = ['jsonl', 'csv', 'sharegpt'] as const;
export type DatasetFileFormat = (typeof DATASET_FILE_FORMATS)[number];
