/**
 * The automation form's values as typed, and the request body they make: what the form starts
 * with, what it checks before sending, and where the API's messages about the body land.
 */
import {
  type Automation,
  type AutomationCreate,
  checkProviderFields,
  type Provider,
  TINYFISH_MODES,
} from '@tfbench/contract';
import { type Checked, type FieldPaths, FormChecks } from '@/lib/form-checks';
import { toJsonText } from '@/lib/json-input';
import {
  applyOpenAIFields,
  initialOpenAIFields,
  OPENAI_CONFIG_KEYS,
  OPENAI_INPUT_KEYS,
  type OpenAIFormFields,
} from './openai-form-values';

/** TinyFish request fields edited with their own controls; other default inputs stay in the JSON box. */
const TINYFISH_INPUT_KEYS = ['url', 'goal', 'browser_profile', 'proxy_config'] as const;

export interface AutomationFormState extends OpenAIFormFields {
  name: string;
  description: string;
  provider: Provider;
  tinyfishId: string;
  /**
   * `config.base_url`: for TinyFish where the runs go instead of the server's default (empty:
   * the default); for an OpenAI-compatible endpoint, the endpoint itself (required).
   */
  baseUrl: string;
  url: string;
  goal: string;
  browserProfile: 'lite' | 'stealth';
  proxyEnabled: boolean;
  proxyCountry: string;
  /** The TinyFish run mode; an OpenAI-compatible endpoint has its own (`openaiMode`). */
  mode: TinyfishMode;
  model: string;
  extraInputs: string;
  /** A new API key to store; empty keeps the stored one. */
  apiKey: string;
  clearApiKey: boolean;
  /** Headers to add or replace, as JSON text; names not given keep their stored values. */
  secretHeaders: string;
  clearHeaders: boolean;
}

type TinyfishMode = (typeof TINYFISH_MODES)[number];

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
    mode:
      provider === 'tinyfish' && (TINYFISH_MODES as readonly string[]).includes(str(a?.config.mode))
        ? (a?.config.mode as TinyfishMode)
        : 'sse',
    model: str(inputs.model),
    extraInputs: toJsonText(rest),
    apiKey: '',
    clearApiKey: false,
    secretHeaders: '',
    clearHeaders: false,
    ...initialOpenAIFields(a),
  };
}

/** Whether the automation has stored credentials (the server never sends their values). */
export function storedCredentials(a: Automation | undefined): { apiKeySet: boolean; headerNames: string[] } {
  const names = a?.config.headers_set;
  return {
    apiKeySet: a?.config.api_key_set === true,
    headerNames: Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [],
  };
}

/**
 * The credential changes of the form, in the API's terms: a key typed replaces, the clear switch
 * sends null, nothing keeps what is stored. Clearing the headers removes each stored name, so
 * that headers typed in the same save are still stored.
 */
function credentialChanges(
  s: AutomationFormState,
  headers: Record<string, unknown>,
  original: Automation | undefined,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (s.clearApiKey) changes.api_key = null;
  else if (s.apiKey !== '') changes.api_key = s.apiKey;
  const removed = s.clearHeaders
    ? Object.fromEntries(storedCredentials(original).headerNames.map((name) => [name, null]))
    : {};
  const written = { ...removed, ...headers };
  if (Object.keys(written).length > 0) changes.headers = written;
  return changes;
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
  const headers = check.jsonObject('secretHeaders', 'Secret headers');
  if (Object.values(headers).some((v) => typeof v !== 'string')) {
    check.fail('secretHeaders', 'Give each header a text value, such as {"x-org-id": "abc"}.');
  }
  if (check.failed) return { errors: check.errors };

  const inputs: Record<string, unknown> = { ...extra };
  // The credentials' read-only `*_set` fields are not sent back: the stored values stay unless replaced.
  const {
    mode: _mode,
    base_url: storedBaseUrl,
    api_key_set: _keySet,
    headers_set: _headersSet,
    ...storedConfig
  }: Record<string, unknown> = original?.config ?? {};
  // Switching provider drops the other provider's own keys; the OpenAI fields own theirs.
  const otherConfig = Object.fromEntries(
    Object.entries(storedConfig).filter(([k]) => !(OPENAI_CONFIG_KEYS as readonly string[]).includes(k)),
  );
  const config: Record<string, unknown> = { ...otherConfig, ...credentialChanges(s, headers, original) };
  if (s.provider === 'tinyfish') {
    // An emptied field clears a stored base URL; one never set is not sent.
    if (s.baseUrl.trim()) config.base_url = s.baseUrl.trim();
    else if (typeof storedBaseUrl === 'string') config.base_url = null;
    if (s.url.trim()) inputs.url = s.url.trim();
    if (s.goal.trim()) inputs.goal = s.goal.trim();
    inputs.browser_profile = s.browserProfile;
    if (s.proxyEnabled) inputs.proxy_config = { enabled: true, type: 'tetra', country_code: s.proxyCountry };
    config.mode = s.mode;
  } else {
    if (s.model.trim()) inputs.model = s.model.trim();
    applyOpenAIFields(s, check, config, inputs);
  }
  // The form's own messages say more than the schema's about the same fields.
  if (check.failed) return { errors: check.errors };
  const paths = automationFieldPaths(s.provider);
  const problems = [
    ...checkProviderFields(s.provider, 'config', config),
    ...checkProviderFields(s.provider, 'inputs', inputs, 'default_inputs'),
  ];
  for (const { field, message } of problems) {
    const own = paths.find(([path]) => path === field || field.startsWith(`${path}.`))?.[1];
    check.fail(own ?? formKeyOf(field, s.provider), own ? message : `${field}: ${message}`);
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
  ['config.api_key', 'apiKey'],
  ['config.headers', 'secretHeaders'],
  ['default_inputs.url', 'url'],
  ['default_inputs.goal', 'goal'],
  ['config.api_key_env', 'apiKeyEnv'],
  ['config.endpoint', 'endpoint'],
  ['config.prices.output_per_mtok_usd', 'outputPrice'],
  ['config.prices', 'inputPrice'],
  ['config.extra_body', 'extraBody'],
  ['default_inputs.model', 'model'],
  ['default_inputs.max_tokens', 'maxTokens'],
  ['default_inputs', 'extraInputs'],
];

/** {@link AUTOMATION_FIELD_PATHS} for a provider: an OpenAI-compatible endpoint has its own mode field. */
export function automationFieldPaths(provider: Provider): FieldPaths<AutomationFormState> {
  if (provider === 'tinyfish') return AUTOMATION_FIELD_PATHS;
  return AUTOMATION_FIELD_PATHS.map(
    ([path, key]) => [path, path === 'config.mode' ? 'openaiMode' : key] as const,
  );
}

/** The form field nearest to `field` (an API path without a field of its own in the form). */
function formKeyOf(field: string, provider: Provider): keyof AutomationFormState {
  if (field.startsWith('default_inputs.proxy_config')) return 'proxyEnabled';
  if (!field.startsWith('config.')) return 'extraInputs';
  return provider === 'tinyfish' ? 'mode' : 'extraBody';
}
