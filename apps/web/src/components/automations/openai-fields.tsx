'use client';

import { OPENAI_ENDPOINTS, OPENAI_MODES, type OpenAIEndpoint, type OpenAIMode } from '@tfbench/contract';
import { JsonField, NumberField, SelectField, TextField, UrlField } from '@/components/forms/fields';
import { FormSection } from '@/components/forms/form-dialog';
import type { FormBinding } from '@/components/forms/use-form';
import type { AutomationFormState } from './automation-form-values';

const ENDPOINT_LABELS: Record<OpenAIEndpoint, string> = {
  chat: 'Chat completions (/chat/completions)',
  completions: 'Text completions (/completions)',
};
const MODE_LABELS: Record<OpenAIMode, string> = {
  stream: 'Stream (measures TTFT and time per output token)',
  non_stream: 'Non-stream (one answer, measured as a whole)',
};
const ENDPOINT_OPTIONS = OPENAI_ENDPOINTS.map((e) => ({ value: e, label: ENDPOINT_LABELS[e] }));
const MODE_OPTIONS = OPENAI_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }));

/** The fields of an OpenAI-compatible automation: where it is, how it is called, what it costs. */
export function OpenAIFields({ form }: { form: FormBinding<AutomationFormState> }) {
  return (
    <FormSection legend="OpenAI-compatible endpoint">
      <UrlField
        form={form}
        name="baseUrl"
        label="Base URL"
        required
        hint="The API root; /chat/completions or /completions is appended."
        placeholder="http://127.0.0.1:8000/v1"
        className="sm:col-span-2"
      />
      <SelectField form={form} name="endpoint" label="Endpoint" options={ENDPOINT_OPTIONS} />
      <SelectField form={form} name="openaiMode" label="Mode" options={MODE_OPTIONS} />
      <TextField form={form} name="model" label="Default model" placeholder="gpt-4o-mini" />
      <NumberField form={form} name="maxTokens" label="Default max tokens" placeholder="256" />
      <NumberField
        form={form}
        name="inputPrice"
        label="Input price (USD per 1M tokens)"
        decimal
        placeholder="0.15"
        hint="Prompt tokens (both give runs a cost)."
      />
      <NumberField
        form={form}
        name="outputPrice"
        label="Output price (USD per 1M tokens)"
        decimal
        placeholder="0.60"
        hint="Generated tokens."
      />
      <JsonField
        form={form}
        name="extraBody"
        label="Extra body (JSON)"
        hint="Merged into every request body; a run's inputs win over it."
        placeholder={'{\n  "top_p": 0.9\n}'}
        className="sm:col-span-2"
      />
    </FormSection>
  );
}
