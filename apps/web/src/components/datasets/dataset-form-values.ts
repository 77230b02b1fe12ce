/**
 * The dataset dialogs' values as typed and the requests they make: a file upload (sent as
 * multipart/form-data) and a synthetic generator. Where the API's messages land, per field.
 */
import { DATASET_LIMITS, type DatasetCreate } from '@tfbench/contract';
import { type Checked, type FieldPaths, FormChecks } from '@/lib/form-checks';

export type UploadFormat = 'auto' | 'jsonl' | 'csv' | 'sharegpt';

export interface UploadFormState {
  name: string;
  format: UploadFormat;
  file: File | null;
}

export const UPLOAD_FORMAT_OPTIONS: Array<{ value: UploadFormat; label: string }> = [
  { value: 'auto', label: 'From the file name (.jsonl, .csv, .json)' },
  { value: 'jsonl', label: 'JSONL — one JSON object a line' },
  { value: 'csv', label: 'CSV — a header line, then records' },
  { value: 'sharegpt', label: 'ShareGPT — a JSON array of conversations' },
];

export const initialUploadState = (): UploadFormState => ({ name: '', format: 'auto', file: null });

/** The name a file suggests: its name without the extension. */
export function nameFromFile(file: File): string {
  return file.name.replace(/\.[^.]+$/, '');
}

export function validateUpload(s: UploadFormState): Checked<UploadFormState, FormData> {
  const check = new FormChecks(s);
  const name = s.name.trim() || (s.file ? nameFromFile(s.file) : '');
  if (!s.file) check.fail('file', 'Choose a JSONL, CSV or ShareGPT JSON file.');
  else if (s.file.size > DATASET_LIMITS.maxBytes) {
    check.fail(
      'file',
      `The file is larger than ${DATASET_LIMITS.maxBytes / 1024 / 1024} MiB, the most a dataset takes.`,
    );
  }
  if (!name) check.fail('name', 'Give it a name.');
  if (check.failed || !s.file) return { errors: check.errors };
  const body = new FormData();
  body.set('name', name);
  if (s.format !== 'auto') body.set('format', s.format);
  body.set('file', s.file, s.file.name);
  return { errors: {}, body };
}

export const UPLOAD_FIELD_PATHS: FieldPaths<UploadFormState> = [
  ['name', 'name'],
  ['format', 'format'],
  ['file', 'file'],
];

export interface SyntheticFormState {
  name: string;
  rows: string;
  promptMean: string;
  promptSd: string;
  outputTokens: string;
  seed: string;
}

export const initialSyntheticState = (): SyntheticFormState => ({
  name: '',
  rows: '100',
  promptMean: '500',
  promptSd: '50',
  outputTokens: '200',
  seed: '1',
});

export function validateSynthetic(s: SyntheticFormState): Checked<SyntheticFormState, DatasetCreate> {
  const check = new FormChecks(s);
  const tokens = { min: 1, max: DATASET_LIMITS.maxSyntheticTokens };
  const rows = check.number(
    'rows',
    'Rows',
    { min: 1, max: DATASET_LIMITS.maxRows },
    'How many rows? At least 1.',
  );
  const mean = check.number('promptMean', 'Prompt tokens', { ...tokens, integer: false }, 'Give a mean.');
  const sd = check.number('promptSd', 'Spread', {
    min: 0,
    max: DATASET_LIMITS.maxSyntheticTokens,
    integer: false,
  });
  const output = check.number('outputTokens', 'Output tokens', tokens, 'Give the output tokens.');
  const seed = check.number('seed', 'Seed', { min: 0, max: 4_294_967_295 });
  if (!s.name.trim()) check.fail('name', 'Give it a name.');
  if (check.failed) return { errors: check.errors };
  return {
    errors: {},
    body: {
      name: s.name.trim(),
      synthetic: {
        rows: rows ?? 1,
        prompt_tokens: { mean: mean ?? 1, ...(sd === undefined ? {} : { sd }) },
        output_tokens: output ?? 1,
        ...(seed === undefined ? {} : { seed }),
      },
    },
  };
}

export const SYNTHETIC_FIELD_PATHS: FieldPaths<SyntheticFormState> = [
  ['name', 'name'],
  ['synthetic.rows', 'rows'],
  ['synthetic.prompt_tokens.mean', 'promptMean'],
  ['synthetic.prompt_tokens.sd', 'promptSd'],
  ['synthetic.prompt_tokens', 'promptMean'],
  ['synthetic.output_tokens', 'outputTokens'],
  ['synthetic.seed', 'seed'],
];
