'use client';

import { type Automation, type AutomationCreate, PROVIDERS, TINYFISH_MODES } from '@tfbench/contract';
import { useRef } from 'react';
import {
  DescriptionField,
  JsonField,
  NameField,
  SelectField,
  TextField,
  UrlField,
} from '@/components/forms/fields';
import { FieldGrid, FormSection, ResourceFormDialog } from '@/components/forms/form-dialog';
import { SwitchField } from '@/components/forms/switch-fields';
import { useForm } from '@/components/forms/use-form';
import { saveErrors } from '@/lib/form-checks';
import {
  type AutomationFormState,
  automationFieldPaths,
  initialAutomationState,
  storedCredentials,
  validateAutomation,
} from './automation-form-values';
import { CredentialFields } from './credential-fields';
import { OpenAIFields } from './openai-fields';

const PROXY_COUNTRIES = ['US', 'GB', 'CA', 'DE', 'FR', 'JP', 'AU'] as const;
const MODE_LABELS: Record<(typeof TINYFISH_MODES)[number], string> = {
  sse: 'SSE stream (measures TTFT and inter-token latency)',
  sync: 'Sync (one blocking request)',
  async: 'Async (submit, then poll)',
};
const PROVIDER_OPTIONS = PROVIDERS.map((p) => ({
  value: p,
  label: p === 'tinyfish' ? 'TinyFish web agent' : 'OpenAI-compatible endpoint',
}));
const MODE_OPTIONS = TINYFISH_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }));
const PROFILE_OPTIONS = [
  { value: 'lite', label: 'Lite (faster)' },
  { value: 'stealth', label: 'Stealth (for sites that block bots)' },
];
const COUNTRY_OPTIONS = PROXY_COUNTRIES.map((c) => ({ value: c, label: c }));

/**
 * Create or edit an automation, with the fields of its provider: for TinyFish the target URL,
 * the goal, the browser profile, the proxy, the run mode (`config.mode`) and where the runs go
 * (`config.base_url`); for an OpenAI-compatible endpoint its URL, endpoint, mode, prices, extra
 * body and default model. Request fields go into `default_inputs`.
 */
export function AutomationFormDialog({
  open,
  onOpenChange,
  automation,
  onSaved,
  save,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The automation to edit; undefined to create one. */
  automation?: Automation;
  onSaved: (saved: Automation) => void;
  save: (body: AutomationCreate) => Promise<Automation>;
}) {
  // The API's messages about `config.mode` belong to the mode field of the provider being saved.
  const provider = useRef(automation?.provider ?? 'tinyfish');
  const form = useForm({
    open,
    onOpenChange,
    initial: () => initialAutomationState(automation),
    validate: (values: AutomationFormState) => validateAutomation(values, automation),
    send: async (body: AutomationCreate) => onSaved(await save(body)),
    errorsOf: (error) => saveErrors(error, automationFieldPaths(provider.current)),
  });
  provider.current = form.values.provider;

  return (
    <ResourceFormDialog
      form={form}
      noun="automation"
      item={automation}
      description="What to call. Scenarios then add inputs, settings and thresholds on top of these defaults."
    >
      <FieldGrid>
        <NameField form={form} className="sm:col-span-2" />
        <SelectField form={form} name="provider" label="Provider" options={PROVIDER_OPTIONS} />
        <TextField
          form={form}
          name="tinyfishId"
          label="TinyFish automation id"
          hint="Optional reference, as in the original API."
        />
        <DescriptionField form={form} />
      </FieldGrid>

      {form.values.provider === 'tinyfish' ? (
        <FormSection legend="TinyFish run">
          <UrlField
            form={form}
            name="url"
            label="URL"
            hint="The page the agent starts on."
            placeholder="https://example.com/shop"
            className="sm:col-span-2"
          />
          <TextField
            form={form}
            name="goal"
            label="Goal"
            hint="What the agent should do, in plain words."
            multiline
            placeholder="Extract the names and prices of the first three products as JSON"
            controlClassName="min-h-16"
            className="sm:col-span-2"
          />
          <UrlField
            form={form}
            name="baseUrl"
            label="Base URL"
            hint="Where this automation's runs go; empty: the server's TinyFish URL."
            placeholder="https://agent.tinyfish.ai"
            className="sm:col-span-2"
          />
          <SelectField form={form} name="mode" label="Run mode" options={MODE_OPTIONS} />
          <SelectField form={form} name="browserProfile" label="Browser profile" options={PROFILE_OPTIONS} />
          <SwitchField form={form} name="proxyEnabled" label="Proxy" />
          <SelectField
            form={form}
            name="proxyCountry"
            label="Proxy country"
            disabled={!form.values.proxyEnabled}
            options={COUNTRY_OPTIONS}
          />
        </FormSection>
      ) : (
        <OpenAIFields form={form} />
      )}

      <CredentialFields form={form} stored={storedCredentials(automation)} provider={form.values.provider} />

      <FieldGrid>
        <JsonField
          form={form}
          name="extraInputs"
          label="Other default inputs (JSON)"
          hint="Any further request fields, as a JSON object."
          placeholder={'{\n  "max_tokens": 100\n}'}
          className="sm:col-span-2"
        />
      </FieldGrid>
    </ResourceFormDialog>
  );
}
