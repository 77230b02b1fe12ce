/**
 * The OpenAI-compatible part of the automation form: its own fields, what they start as for a
 * stored automation, and the `config` and `default_inputs` keys they make.
 */
import {
  type Automation,
  OPENAI_ENDPOINTS,
  OPENAI_MODES,
  type OpenAIEndpoint,
  type OpenAIMode,
} from '@tfbench/contract';
import type { FormChecks } from '@/lib/form-checks';
import { toJsonText } from '@/lib/json-input';

/** Request fields of an OpenAI-compatible automation edited with their own controls. */
export const OPENAI_INPUT_KEYS = ['model', 'max_tokens'] as const;

/** Config keys the OpenAI-compatible fields own; others on a stored config are kept as they were. */
export const OPENAI_CONFIG_KEYS = ['endpoint', 'api_key_env', 'prices', 'extra_body'] as const;

export interface OpenAIFormFields {
  endpoint: OpenAIEndpoint;
  openaiMode: OpenAIMode;
  /** The name of a server environment variable holding the key, instead of a stored key. */
  apiKeyEnv: string;
  inputPrice: string;
  outputPrice: string;
  maxTokens: string;
  /** `config.extra_body` as JSON text: merged into every request body. */
  extraBody: string;
}

function pick<T extends string>(value: unknown, options: readonly [T, ...T[]]): T {
  return (options as readonly unknown[]).includes(value) ? (value as T) : options[0];
}

function priceText(prices: unknown, key: 'input_per_mtok_usd' | 'output_per_mtok_usd'): string {
  const value =
    typeof prices === 'object' && prices !== null ? (prices as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? String(value) : '';
}

export function initialOpenAIFields(a: Automation | undefined): OpenAIFormFields {
  const config: Record<string, unknown> = a?.provider === 'openai' ? a.config : {};
  const maxTokens = a?.provider === 'openai' ? a.default_inputs.max_tokens : undefined;
  const extraBody = config.extra_body;
  return {
    endpoint: pick(config.endpoint, OPENAI_ENDPOINTS),
    openaiMode: pick(config.mode, OPENAI_MODES),
    apiKeyEnv: typeof config.api_key_env === 'string' ? config.api_key_env : '',
    inputPrice: priceText(config.prices, 'input_per_mtok_usd'),
    outputPrice: priceText(config.prices, 'output_per_mtok_usd'),
    maxTokens: typeof maxTokens === 'number' ? String(maxTokens) : '',
    extraBody:
      typeof extraBody === 'object' && extraBody !== null
        ? toJsonText(extraBody as Record<string, unknown>)
        : '',
  };
}

const PRICE_RANGE = { min: 0, max: 1_000_000, integer: false };

/**
 * Adds the OpenAI-compatible fields to `config` and `inputs`, recording what is wrong with
 * them on `check`. Both prices or neither: a run's cost needs the two.
 */
export function applyOpenAIFields<S extends OpenAIFormFields & { baseUrl: string; apiKey: string }>(
  s: S,
  check: FormChecks<S>,
  config: Record<string, unknown>,
  inputs: Record<string, unknown>,
): void {
  if (s.baseUrl.trim() === '') check.fail('baseUrl', 'Give the endpoint URL, e.g. http://127.0.0.1:8000/v1.');
  else config.base_url = s.baseUrl.trim();
  config.endpoint = s.endpoint;
  config.mode = s.openaiMode;
  if (s.apiKeyEnv.trim() !== '') {
    if (s.apiKey !== '') check.fail('apiKeyEnv', 'Give an API key or its variable name, not both.');
    config.api_key_env = s.apiKeyEnv.trim();
  }
  const input = check.number('inputPrice', 'Input price', PRICE_RANGE);
  const output = check.number('outputPrice', 'Output price', PRICE_RANGE);
  if (input !== undefined && output !== undefined) {
    config.prices = { input_per_mtok_usd: input, output_per_mtok_usd: output };
  } else if (input !== undefined) {
    check.fail('outputPrice', 'Give the output price too (or neither).');
  } else if (output !== undefined) {
    check.fail('inputPrice', 'Give the input price too (or neither).');
  }
  const extraBody = check.jsonObject('extraBody', 'Extra body');
  if (Object.keys(extraBody).length > 0) config.extra_body = extraBody;
  const maxTokens = check.number('maxTokens', 'Max tokens', { min: 1, max: 10_000_000, integer: true });
  if (maxTokens !== undefined) inputs.max_tokens = maxTokens;
}
