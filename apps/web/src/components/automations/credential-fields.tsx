'use client';

import type { Provider } from '@tfbench/contract';
import { TextField } from '@/components/forms/fields';
import { FormSection } from '@/components/forms/form-dialog';
import { SwitchOption } from '@/components/forms/switch-fields';
import type { FormBinding } from '@/components/forms/use-form';
import type { AutomationFormState } from './automation-form-values';

/**
 * The automation's upstream credentials, write-only: the server stores them encrypted and only
 * says whether they are set (`api_key_set`, `headers_set`), so the form never holds a stored
 * value. A set credential is kept unless a new one is typed (replace) or its removal is switched
 * on (clear).
 */
export function CredentialFields({
  form,
  stored,
  provider,
}: {
  form: FormBinding<AutomationFormState>;
  /** What the automation has stored; nothing when creating one. */
  stored: { apiKeySet: boolean; headerNames: string[] };
  /** An OpenAI-compatible endpoint may read its key from a server variable instead. */
  provider: Provider;
}) {
  const { apiKeySet, headerNames } = stored;
  return (
    <FormSection legend="Credentials (stored encrypted, never shown again)">
      <TextField
        form={form}
        name="apiKey"
        label="API key"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        placeholder={apiKeySet ? '•••••••• (set)' : 'Optional'}
        hint={
          apiKeySet
            ? 'Set. Type a new key to replace it; left empty, the stored key is kept.'
            : 'Sent upstream as the bearer token (OpenAI-compatible) or X-API-Key (TinyFish).'
        }
        disabled={form.values.clearApiKey}
        className="sm:col-span-2"
      />
      {apiKeySet ? (
        <div className="sm:col-span-2">
          <SwitchOption
            form={form}
            name="clearApiKey"
            label="Remove the stored API key"
            description="Runs then go without one (or with the server's key)."
          />
        </div>
      ) : null}
      {provider === 'openai' ? (
        <TextField
          form={form}
          name="apiKeyEnv"
          label="Or: API key environment variable"
          hint="The name of a variable on the server holding the key, instead of storing one."
          placeholder="OPENAI_API_KEY"
          spellCheck={false}
          className="sm:col-span-2"
        />
      ) : null}
      <TextField
        form={form}
        name="secretHeaders"
        label="Secret headers (JSON)"
        code
        spellCheck={false}
        placeholder={'{\n  "x-org-id": "..."\n}'}
        hint={
          headerNames.length > 0
            ? `Set: ${headerNames.join(', ')} (values hidden). Headers given here are added or replaced; the others are kept.`
            : 'Extra request headers; their values are stored encrypted.'
        }
        className="sm:col-span-2"
      />
      {headerNames.length > 0 ? (
        <div className="sm:col-span-2">
          <SwitchOption
            form={form}
            name="clearHeaders"
            label="Remove the stored headers"
            description="Headers typed above are still saved."
          />
        </div>
      ) : null}
    </FormSection>
  );
}
