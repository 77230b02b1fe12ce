/**
 * The automation form's values as typed, and the request body they make: what the form starts
 * with, what it checks before sending, and where the API's messages about the body land.
 */
import {
  AUTOMATION_MODES,
  type Automation,
  type AutomationCreate,
  type AutomationMode,
  checkProviderFields,
  type Provider,
} from '@tfbench/contract';
import { type Checked, type FieldPaths, FormChecks } from '@/lib/form-checks';
import { toJsonText } from '@/lib/json-input';

/** TinyFish request fields edited with their own controls; other default inputs stay in the JSON box. */
const TINYFISH_INPUT_KEYS = ['url', 'goal', 'browser_profile', 'proxy_config'] as const;
const OPENAI_INPUT_KEYS = ['model'] as const;

export interface AutomationFormState {
  name: string;
  description: string;
  provider: Provider;
  tinyfishId: string;
  /** `config.base_url`: where the runs go instead of the server's default; empty: the default. */
  baseUrl: string;
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

export function initialAutomationState(a: Automation | undefined): AutomationFormState {
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
    baseUrl: str(a?.config.base_url),
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

/**
 * Checks what can be checked here, then the body against the provider's own schemas (the ones
 * the API checks it with), and builds it. Keys of `config` this form does not edit are kept
 * as they were on `original`.
 */
export function validateAutomation(
  s: AutomationFormState,
  original: Automation | undefined,
): Checked<AutomationFormState, AutomationCreate> {
  const check = new FormChecks(s);
  if (s.name.trim() === '') check.fail('name', 'Give the automation a name.');
  if (s.url.trim() !== '' && !isHttpUrl(s.url.trim()))
    check.fail('url', 'Must be a full URL starting with https:// or http://.');
  if (s.provider === 'tinyfish' && s.baseUrl.trim() !== '' && !isHttpUrl(s.baseUrl.trim()))
    check.fail('baseUrl', 'Must be a full URL starting with https:// or http://.');
  const extra = check.jsonObject('extraInputs', 'Other inputs');
  if (check.failed) return { errors: check.errors };

  const inputs: Record<string, unknown> = { ...extra };
  const { mode: _mode, base_url: storedBaseUrl, ...otherConfig } = original?.config ?? {};
  const config: Record<string, unknown> = { ...otherConfig };
  if (s.provider === 'tinyfish') {
    // An emptied field clears a stored base URL; one never set is not sent.
    if (s.baseUrl.trim()) config.base_url = s.baseUrl.trim();
    else if (typeof storedBaseUrl === 'string') config.base_url = null;
    if (s.url.trim()) inputs.url = s.url.trim();
    if (s.goal.trim()) inputs.goal = s.goal.trim();
    inputs.browser_profile = s.browserProfile;
    if (s.proxyEnabled) inputs.proxy_config = { enabled: true, type: 'tetra', country_code: s.proxyCountry };
    config.mode = s.mode;
  } else if (s.model.trim()) {
    inputs.model = s.model.trim();
  }
  const problems = [
    ...checkProviderFields(s.provider, 'config', config),
    ...checkProviderFields(s.provider, 'inputs', inputs, 'default_inputs'),
  ];
  for (const { field, message } of problems) {
    const own = AUTOMATION_FIELD_PATHS.find(([path]) => path === field)?.[1];
    check.fail(own ?? formKeyOf(field), own ? message : `${field}: ${message}`);
  }
  if (check.failed) return { errors: check.errors };
  return {
    errors: {},
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

/** The API's field paths (of `AutomationCreate`), each with the form field that shows its message. */
export const AUTOMATION_FIELD_PATHS: FieldPaths<AutomationFormState> = [
  ['name', 'name'],
  ['description', 'description'],
  ['tinyfish_automation_id', 'tinyfishId'],
  ['config.mode', 'mode'],
  ['config.base_url', 'baseUrl'],
  ['default_inputs.url', 'url'],
  ['default_inputs.goal', 'goal'],
  ['default_inputs', 'extraInputs'],
];

/** The form field nearest to `field` (an API path without a field of its own in the form). */
function formKeyOf(field: string): keyof AutomationFormState {
  if (field.startsWith('default_inputs.proxy_config')) return 'proxyEnabled';
  return field.startsWith('config.') ? 'mode' : 'extraInputs';
}
