'use client';

import type { Dataset } from '@tfbench/contract';
import { DATASET_LIMITS } from '@tfbench/contract';
import { NumberField, SelectField, TextField } from '@/components/forms/fields';
import { FieldGrid, FormDialog } from '@/components/forms/form-dialog';
import { useForm } from '@/components/forms/use-form';
import { Field } from '@/components/ui/field';
import { mutations } from '@/lib/api';
import { type Checked, type FieldPaths, saveErrors } from '@/lib/form-checks';
import {
  initialSyntheticState,
  initialUploadState,
  SYNTHETIC_FIELD_PATHS,
  UPLOAD_FIELD_PATHS,
  UPLOAD_FORMAT_OPTIONS,
  validateSynthetic,
  validateUpload,
} from './dataset-form-values';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (dataset: Dataset) => void;
}

/**
 * The form of a dialog that makes a dataset: `create` sends the checked body, the new dataset goes
 * to `onCreated`, and the API's refusals land under the fields `paths` names.
 */
function useDatasetForm<S, B>(
  { open, onOpenChange, onCreated }: DialogProps,
  spec: {
    initial: () => S;
    validate: (values: S) => Checked<S, B>;
    create: (body: B) => Promise<Dataset>;
    paths: FieldPaths<S>;
  },
) {
  return useForm({
    open,
    onOpenChange,
    initial: spec.initial,
    validate: spec.validate,
    send: async (body: B) => onCreated(await spec.create(body)),
    errorsOf: (error) => saveErrors(error, spec.paths),
  });
}

const MAX_MIB = DATASET_LIMITS.maxBytes / 1024 / 1024;

/**
 * Upload a JSONL, CSV or ShareGPT file as a dataset. A file that does not parse keeps the dialog
 * open with the API's message under the file field, which names the line and the reason.
 */
export function DatasetUploadDialog(props: DialogProps) {
  const form = useDatasetForm(props, {
    initial: initialUploadState,
    validate: validateUpload,
    create: mutations.uploadDataset,
    paths: UPLOAD_FIELD_PATHS,
  });
  return (
    <FormDialog
      form={form}
      title="Upload a dataset"
      description="Each line (JSONL), record (CSV) or conversation (ShareGPT) becomes a row a benchmark can feed into its runs with {{row.FIELD}}."
      testId="dataset-upload-dialog"
      submit={{ label: 'Upload', busyLabel: 'Uploading…', testId: 'dataset-upload-submit' }}
    >
      <FieldGrid className="items-start">
        <Field
          label="File"
          required
          hint={`At most ${MAX_MIB} MiB and ${DATASET_LIMITS.maxRows.toLocaleString('en-US')} rows.`}
          error={form.errors.file}
          className="sm:col-span-2"
        >
          <input
            type="file"
            accept=".jsonl,.ndjson,.csv,.json,.txt"
            data-testid="dataset-file"
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-accent"
            onChange={(e) => form.set('file', e.target.files?.[0] ?? null)}
          />
        </Field>
        <TextField
          form={form}
          name="name"
          label="Name"
          hint="Empty: the file's name."
          placeholder={form.values.file ? form.values.file.name.replace(/\.[^.]+$/, '') : ''}
          autoComplete="off"
        />
        <SelectField form={form} name="format" label="Format" options={UPLOAD_FORMAT_OPTIONS} />
      </FieldGrid>
    </FormDialog>
  );
}

/**
 * Generate a dataset of prompts of a chosen length: prompt tokens normal with a mean and spread,
 * a fixed output length, and a seed that makes the same rows again.
 */
export function DatasetSyntheticDialog(props: DialogProps) {
  const form = useDatasetForm(props, {
    initial: initialSyntheticState,
    validate: validateSynthetic,
    create: mutations.createDataset,
    paths: SYNTHETIC_FIELD_PATHS,
  });
  return (
    <FormDialog
      form={form}
      title="Generate a synthetic dataset"
      description="Rows {prompt, prompt_tokens, max_tokens}: prompts of common English words, about 0.75 words per token (no tokenizer, an approximation)."
      testId="dataset-synthetic-dialog"
      submit={{ label: 'Generate', busyLabel: 'Generating…', testId: 'dataset-synthetic-submit' }}
    >
      <FieldGrid className="items-start">
        <TextField
          form={form}
          name="name"
          label="Name"
          required
          autoComplete="off"
          className="sm:col-span-2"
        />
        <NumberField form={form} name="rows" label="Rows" required />
        <NumberField form={form} name="seed" label="Seed" hint="Same seed, same rows." />
        <NumberField form={form} name="promptMean" label="Prompt tokens (mean)" required decimal />
        <NumberField
          form={form}
          name="promptSd"
          label="Prompt tokens (± sd)"
          hint="0: every prompt alike."
          decimal
        />
        <NumberField
          form={form}
          name="outputTokens"
          label="Output tokens"
          required
          hint="Stored as each row's max_tokens."
        />
      </FieldGrid>
    </FormDialog>
  );
}
