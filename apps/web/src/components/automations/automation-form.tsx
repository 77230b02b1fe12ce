'use client';

import {
  AUTOMATION_MODES,
  type Automation,
  type AutomationCreate,
  type AutomationMode,
  PROVIDERS,
  type Provider,
} from '@tfbench/contract';
import { type FormEvent, useEffect, useState } from 'react';
import { FormFooter } from '@/components/shared/form-footer';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { CodeTextarea, Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { SelectBox } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { ApiError } from '@/lib/api';
import { parseJsonObject, toJsonText } from '@/lib/json-input';
import { fieldMessage, userMessage } from '@/lib/user-messages';

/** TinyFish request fields edited with their own controls; other default inputs stay in the JSON box. */
const TINYFISH_INPUT_KEYS = ['url', 'goal', 'browser_profile', 'proxy_config'] as const;
const OPENAI_INPUT_KEYS = ['model'] as const;
const PROXY_COUNTRIES = ['US', 'GB', 'CA', 'DE', 'FR', 'JP', 'AU'] as const;
const MODE_LABELS: Record<AutomationMode, string> = {
  sse: 'SSE stream (measures TTFT and inter-token latency)',
  sync: 'Sync (one blocking request)',
  async: 'Async (submit, then poll)',
};

interface FormState {
  name: string;
  description: string;
  provider: Provider;
  tinyfishId: string;
  url: string;
  goal: string;
  browserProfile: 'lite' | 'stealth';
  proxyEnabled: boolean;
  proxyCountry: string;
  mode: AutomationMode;
  model: string;
  extraInputs: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function initialState(a: Automation | undefined): FormState {
  const inputs = a?.default_inputs ?? {};
  const proxy = (inputs.proxy_config ?? {}) as Record<string, unknown>;
  const provider = a?.provider ?? 'tinyfish';
  const dedicated: readonly string[] = provider === 'openai' ? OPENAI_INPUT_KEYS : TINYFISH_INPUT_KEYS;
  const rest = Object.fromEntries(Object.entries(inputs).filter(([k]) => !dedicated.includes(k)));
  return {
    name: a?.name ?? '',
    description: a?.description ?? '',
    provider,
    tinyfishId: a?.tinyfish_automation_id ?? '',
    url: str(inputs.url),
    goal: str(inputs.goal),
    browserProfile: inputs.browser_profile === 'stealth' ? 'stealth' : 'lite',
    proxyEnabled: proxy.enabled === true,
    proxyCountry: str(proxy.country_code) || 'US',
    mode: (AUTOMATION_MODES as readonly string[]).includes(str(a?.config.mode))
      ? (a?.config.mode as AutomationMode)
      : 'sse',
    model: str(inputs.model),
    extraInputs: toJsonText(rest),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

type Errors = Partial<Record<keyof FormState | 'form', string>>;

/** Checks what can be checked here; the API validates again and its messages win. */
function validate(s: FormState): { errors: Errors; body?: AutomationCreate } {
  const errors: Errors = {};
  if (s.name.trim() === '') errors.name = 'Give the automation a name.';
  if (s.url.trim() !== '' && !isHttpUrl(s.url.trim()))
    errors.url = 'Must be a full URL starting with https:// or http://.';
  const extra = parseJsonObject(s.extraInputs);
  if (!extra.ok) errors.extraInputs = `Other inputs ${extra.error}.`;
  if (Object.keys(errors).length > 0 || !extra.ok) return { errors };

  const inputs: Record<string, unknown> = { ...extra.value };
  const config: Record<string, unknown> = {};
  if (s.provider === 'tinyfish') {
    if (s.url.trim()) inputs.url = s.url.trim();
    if (s.goal.trim()) inputs.goal = s.goal.trim();
    inputs.browser_profile = s.browserProfile;
    if (s.proxyEnabled) inputs.proxy_config = { enabled: true, type: 'tetra', country_code: s.proxyCountry };
    config.mode = s.mode;
  } else if (s.model.trim()) {
    inputs.model = s.model.trim();
  }
  return {
    errors,
    body: {
      name: s.name.trim(),
      description: s.description.trim() || null,
      provider: s.provider,
      tinyfish_automation_id: s.tinyfishId.trim() || null,
      default_inputs: inputs,
      config,
    },
  };
}

/** Maps the API's field paths (e.g. `default_inputs.url`) onto this form's fields. */
function apiFieldErrors(error: ApiError): Errors {
  const out: Errors = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    if (field === 'name') out.name = message;
    else if (field === 'description') out.description = message;
    else if (field === 'tinyfish_automation_id') out.tinyfishId = message;
    else if (field.startsWith('config.mode')) out.mode = message;
    else if (field.startsWith('default_inputs.url')) out.url = message;
    else if (field.startsWith('default_inputs.goal')) out.goal = message;
    else if (field.startsWith('default_inputs')) out.extraInputs = fieldMessage(field, message);
    else out.form = fieldMessage(field, message);
  }
  if (Object.keys(out).length === 0) out.form = userMessage(error);
  return out;
}

/**
 * Create or edit an automation, with the fields of its provider: for TinyFish the target URL,
 * the goal, the browser profile, the proxy and the run mode (`config.mode`); for an
 * OpenAI-compatible endpoint its base URL and model. Request fields go into `default_inputs`.
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
  const [state, setState] = useState<FormState>(() => initialState(automation));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setState(initialState(automation));
      setErrors({});
    }
  }, [open, automation]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, body } = validate(state);
    setErrors(found);
    if (!body) return;
    // Keys of `config` this form does not edit are kept as they were (also `base_url`: the
    // engine does not use it yet, so the form does not offer it, but a stored one survives).
    if (automation) {
      const { mode: _m, ...otherConfig } = automation.config;
      body.config = { ...otherConfig, ...body.config };
    }
    setBusy(true);
    try {
      const saved = await save(body);
      onSaved(saved);
      onOpenChange(false);
    } catch (e) {
      setErrors(e instanceof ApiError ? apiFieldErrors(e) : { form: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const isTinyFish = state.provider === 'tinyfish';

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="automation-form">
        <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4">
          <DialogHeader>
            <DialogTitle>{automation ? `Edit ${automation.name}` : 'New automation'}</DialogTitle>
            <DialogDescription>
              What to call. Scenarios then add inputs, settings and thresholds on top of these defaults.
            </DialogDescription>
          </DialogHeader>

          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field label="Name" required error={errors.name} className="sm:col-span-2">
              <Input value={state.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" />
            </Field>
            <Field label="Provider" error={errors.provider}>
              <SelectBox
                value={state.provider}
                onValueChange={(v) => set('provider', v as Provider)}
                options={PROVIDERS.map((p) => ({
                  value: p,
                  label: p === 'tinyfish' ? 'TinyFish web agent' : 'OpenAI-compatible endpoint',
                }))}
              />
            </Field>
            <Field
              label="TinyFish automation id"
              hint="Optional reference, as in the original API."
              error={errors.tinyfishId}
            >
              <Input
                value={state.tinyfishId}
                onChange={(e) => set('tinyfishId', e.target.value)}
                autoComplete="off"
              />
            </Field>
            <Field label="Description" error={errors.description} className="sm:col-span-2">
              <Textarea
                value={state.description}
                onChange={(e) => set('description', e.target.value)}
                className="min-h-16"
              />
            </Field>
          </div>

          {isTinyFish ? (
            <fieldset className="grid grid-cols-1 gap-4 rounded-lg border p-3 sm:grid-cols-2 sm:p-4">
              <legend className="px-1 text-sm font-medium">TinyFish run</legend>
              <Field
                label="URL"
                hint="The page the agent starts on."
                error={errors.url}
                className="sm:col-span-2"
              >
                <Input
                  type="url"
                  inputMode="url"
                  placeholder="https://example.com/shop"
                  value={state.url}
                  onChange={(e) => set('url', e.target.value)}
                />
              </Field>
              <Field
                label="Goal"
                hint="What the agent should do, in plain words."
                error={errors.goal}
                className="sm:col-span-2"
              >
                <Textarea
                  placeholder="Extract the names and prices of the first three products as JSON"
                  value={state.goal}
                  onChange={(e) => set('goal', e.target.value)}
                  className="min-h-16"
                />
              </Field>
              <Field label="Run mode" error={errors.mode}>
                <SelectBox
                  value={state.mode}
                  onValueChange={(v) => set('mode', v as AutomationMode)}
                  options={AUTOMATION_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
                />
              </Field>
              <Field label="Browser profile" error={errors.browserProfile}>
                <SelectBox
                  value={state.browserProfile}
                  onValueChange={(v) => set('browserProfile', v as FormState['browserProfile'])}
                  options={[
                    { value: 'lite', label: 'Lite (faster)' },
                    { value: 'stealth', label: 'Stealth (for sites that block bots)' },
                  ]}
                />
              </Field>
              <div className="grid grid-cols-1 gap-1.5">
                <Label htmlFor="proxy-enabled">Proxy</Label>
                <div className="flex h-9 items-center gap-3">
                  <Switch
                    id="proxy-enabled"
                    checked={state.proxyEnabled}
                    onCheckedChange={(v) => set('proxyEnabled', v)}
                  />
                  <span className="text-sm text-muted-foreground">{state.proxyEnabled ? 'On' : 'Off'}</span>
                </div>
              </div>
              <Field label="Proxy country" error={errors.proxyCountry}>
                <SelectBox
                  value={state.proxyCountry}
                  onValueChange={(v) => set('proxyCountry', v)}
                  disabled={!state.proxyEnabled}
                  options={PROXY_COUNTRIES.map((c) => ({ value: c, label: c }))}
                />
              </Field>
            </fieldset>
          ) : (
            <fieldset className="grid grid-cols-1 gap-4 rounded-lg border p-3 sm:grid-cols-2 sm:p-4">
              <legend className="px-1 text-sm font-medium">OpenAI-compatible endpoint</legend>
              <Field label="Model" error={errors.model}>
                <Input
                  value={state.model}
                  onChange={(e) => set('model', e.target.value)}
                  placeholder="gpt-4o-mini"
                />
              </Field>
            </fieldset>
          )}

          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field
              label="Other default inputs (JSON)"
              hint="Any further request fields, as a JSON object."
              error={errors.extraInputs}
              className="sm:col-span-2"
            >
              <CodeTextarea
                className="min-h-24"
                value={state.extraInputs}
                onChange={(e) => set('extraInputs', e.target.value)}
                placeholder={'{\n  "max_tokens": 100\n}'}
              />
            </Field>
          </div>

          <FormFooter
            error={errors.form}
            busy={busy}
            onCancel={() => onOpenChange(false)}
            submitLabel={automation ? 'Save changes' : 'Create automation'}
            busyLabel="Saving…"
            submitTestId="automation-save"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
