/**
 * Each provider's schemas of an automation's `config` and of a run's inputs, by provider id.
 * They live in the contract because the API (validation, the OpenAPI document), core (the
 * check at save time) and the dashboard (its form) all read them, and the contract is the
 * one package all three may import that holds nothing but zod.
 */
import type { z } from 'zod';
import { openaiConfigSchema, openaiDefaultInputsSchema } from './openai.ts';
import { tinyfishConfig, tinyfishInputs } from './tinyfish.ts';

export interface ProviderSchemas {
  config: z.ZodType<Record<string, unknown>>;
  inputs: z.ZodType<Record<string, unknown>>;
}

/** Providers that declare their schemas; one line per provider. */
export const PROVIDER_SCHEMAS: Readonly<Record<string, ProviderSchemas>> = {
  tinyfish: { config: tinyfishConfig, inputs: tinyfishInputs },
  openai: { config: openaiConfigSchema, inputs: openaiDefaultInputsSchema },
};

/** Where a value failed its provider's schema: the dotted path under `prefix`, and why. */
export interface ProviderFieldIssue {
  field: string;
  message: string;
}

/**
 * Check `value` (an automation's `config`, or its inputs) against `provider`'s schema. Every
 * problem is named by its full field path, e.g. `config.base_url`; a provider without
 * schemas accepts any object.
 *
 * @example
 * checkProviderFields('tinyfish', 'config', { base_url: 'ftp://x' });
 * // [{ field: 'config.base_url', message: 'must be an http(s) URL' }]
 */
export function checkProviderFields(
  provider: string,
  part: 'config' | 'inputs',
  value: unknown,
  prefix: string = part,
): ProviderFieldIssue[] {
  const schema = PROVIDER_SCHEMAS[provider]?.[part];
  if (schema === undefined) return [];
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export {
  OPENAI_ENDPOINTS,
  OPENAI_MODES,
  type OpenAIConfig,
  type OpenAIEndpoint,
  type OpenAIInputs,
  type OpenAIMode,
  openaiConfigSchema,
  openaiDefaultInputsSchema,
  openaiInputsSchema,
} from './openai.ts';
export { TINYFISH_MODES, tinyfishConfig, tinyfishInputs } from './tinyfish.ts';
