/**
 * Words and bounds that the wire contract and the server both use: what a time series or a
 * histogram can show, and how large a dataset may be. This module imports nothing, so the
 * contract (which the browser loads and which may depend on zod alone) can share it with core
 * instead of keeping a copy that could drift.
 */

/**
 * Token figures of OpenAI-compatible runs, read from a run's `token_metrics` (docs/metrics.md
 * §10); runs without them (TinyFish) have no value and are left out of an aggregate. The
 * threshold language names them the same way.
 */
export const TOKEN_FIGURES = [
  'time_to_first_answer_token_ms',
  'tpot_ms',
  'output_tokens_per_s',
  'output_tokens',
  'input_tokens',
] as const;
export type TokenFigure = (typeof TOKEN_FIGURES)[number];

/** What a time series can show; token figures are read from raw runs whatever the range (the rollups keep no token sketches). */
export const TIMESERIES_METRICS = [
  'total',
  'ttft',
  'itl_mean',
  'success_rate',
  'throughput',
  'cost',
  ...TOKEN_FIGURES,
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

/** Bucket widths of a time series; `auto` picks one from the range. */
export const TIMESERIES_BUCKETS = ['auto', '1m', '5m', '1h', '1d'] as const;
export type TimeseriesBucket = (typeof TIMESERIES_BUCKETS)[number];

/** What a histogram can bin. */
export const HISTOGRAM_METRICS = ['total', 'ttft', 'itl_mean', 'cost', ...TOKEN_FIGURES] as const;
export type HistogramMetric = (typeof HISTOGRAM_METRICS)[number];

/** Bounds of a dataset. */
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

/** The formats an uploaded dataset file may have. */
export const DATASET_FILE_FORMATS = ['jsonl', 'csv', 'sharegpt'] as const;
export type DatasetFileFormat = (typeof DATASET_FILE_FORMATS)[number];

export * from './benchmarks.js';
