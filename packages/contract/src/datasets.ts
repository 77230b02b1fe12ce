/**
 * Wire schemas of datasets: the JSON create request (rows or a synthetic generator), the upload
 * query, a dataset, and a page of its rows. Bounds come from DATASET_LIMITS (equal to core's);
 * rows are checked by core, which names the bad row (`rows.3`) or the file's line.
 */
import { z } from 'zod';
import { jsonObject, NAME_MAX, paginationQuery, text, timestamp } from './common.ts';
import { DATASET_FILE_FORMATS, DATASET_LIMITS } from './vocabulary.ts';

const synthetic = z
  .strictObject({
    rows: z.number().int().min(1).max(DATASET_LIMITS.maxRows).meta({ description: 'Rows to generate.' }),
    prompt_tokens: z
      .strictObject({
        mean: z.number().min(1).max(DATASET_LIMITS.maxSyntheticTokens),
        sd: z.number().min(0).max(DATASET_LIMITS.maxSyntheticTokens).optional(),
      })
      .meta({
        description: 'Prompt length in tokens: normal with this mean and standard deviation (default 0).',
      }),
    output_tokens: z
      .number()
      .int()
      .min(1)
      .max(DATASET_LIMITS.maxSyntheticTokens)
      .meta({ description: "Stored as each row's max_tokens." }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(4_294_967_295)
      .optional()
      .meta({ description: 'Same seed, same rows (default 0).' }),
  })
  .meta({
    description:
      'Generated rows {prompt, prompt_tokens, max_tokens}; prompts are about 0.75 words per token (no tokenizer is bundled; see docs/benchmarks.md).',
  });

/** POST /api/v1/datasets (application/json) */
export const datasetCreate = z
  .strictObject({
    name: text({ min: 1, max: NAME_MAX }),
    rows: z
      .array(z.unknown())
      .max(DATASET_LIMITS.maxRows, `must hold at most ${DATASET_LIMITS.maxRows} rows`)
      .optional()
      .meta({ description: 'The rows, each a JSON object; give rows or synthetic.' }),
    synthetic: synthetic.optional(),
  })
  .meta({ id: 'DatasetCreate' });

/** POST /api/v1/datasets/upload: the file is the body; these name it. */
export const datasetUploadQuery = z.object({
  name: text({ min: 1, max: NAME_MAX }).meta({ description: "The dataset's name." }),
  format: z.enum(DATASET_FILE_FORMATS, { error: `must be one of ${DATASET_FILE_FORMATS.join(', ')}` }).meta({
    description:
      'jsonl: one JSON object a line; csv: a header line then records; sharegpt: a JSON array of conversations.',
  }),
});

/** A dataset as the API returns it (without its rows). */
export const dataset = z
  .object({
    id: z.number().int(),
    name: z.string(),
    key: z
      .string()
      .nullable()
      .meta({ description: 'Its key in configuration as code (null until a configuration apply names it).' }),
    source: z.enum(['json', 'jsonl', 'csv', 'sharegpt', 'synthetic']),
    row_count: z.number().int(),
    fields: z.array(z.string()).meta({ description: "The rows' field names, first seen first." }),
    synthetic: jsonObject("The generator's parameters (synthetic datasets).").nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Dataset' });

/** GET /api/v1/datasets/{id}/rows */
export const datasetRowsQuery = z.object(paginationQuery);

export const datasetRow = z
  .object({
    index: z.number().int().meta({ description: '0-based position in the dataset.' }),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DatasetRow' });

export type Dataset = z.output<typeof dataset>;
export type DatasetCreate = z.input<typeof datasetCreate>;
export type DatasetRow = z.output<typeof datasetRow>;
