/**
 * What an OpenAI-compatible automation accepts: its `config` and its run inputs. The client
 * (packages/openai) parses every run with these same schemas, so what the API accepts at save
 * time and what a run sends cannot drift apart.
 */
import { z } from 'zod';

const httpUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1');

/** An HTTP header name (RFC 9110 token). */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

/** Header values may not carry line breaks (request splitting). */
const headerValue = z.string().regex(/^[^\r\n]*$/, 'must not contain line breaks');

const price = z.number().finite().min(0, 'must be 0 or more');

export const OPENAI_ENDPOINTS = ['chat', 'completions'] as const;
export type OpenAIEndpoint = (typeof OPENAI_ENDPOINTS)[number];

/** The modes, default first: a streamed request, or one answer measured as a whole. */
export const OPENAI_MODES = ['stream', 'non_stream'] as const;
export type OpenAIMode = (typeof OPENAI_MODES)[number];

/**
 * `automations.config` of an OpenAI-compatible automation. `api_key` and the values of
 * `headers` are secrets: accepted on write, never returned. Keys not named here are kept
 * (run settings such as `timeout_s` may live in the config too).
 */
export const openaiConfigSchema = z
  .looseObject({
    /** e.g. http://127.0.0.1:8000/v1 (vLLM), https://api.openai.com/v1; paths are appended. */
    base_url: httpUrl,
    /** Sent as `Authorization: Bearer …`. */
    api_key: z.string().min(1, 'must not be empty').optional(),
    /** The name of a server environment variable holding the key, instead of `api_key`. */
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    endpoint: z.enum(OPENAI_ENDPOINTS).optional(),
    mode: z.enum(OPENAI_MODES).optional(),
    /** Extra request headers (e.g. a gateway's own key); their values are secret. */
    headers: z.record(headerName, headerValue).optional(),
    /** Merged into every request body (inputs win over it). */
    extra_body: z.record(z.string(), z.unknown()).optional(),
    /** USD per million tokens; with them a run's cost = tokens × price. */
    prices: z.object({ input_per_mtok_usd: price, output_per_mtok_usd: price }).strict().optional(),
    /** Ask for the usage chunk (`stream_options.include_usage`); default true. */
    include_usage: z.boolean().optional(),
  })
  .refine((config) => !(config.api_key !== undefined && config.api_key_env !== undefined), {
    message: 'give api_key or api_key_env, not both',
    path: ['api_key_env'],
  })
  .meta({
    id: 'OpenAIConfig',
    description: 'The config of an OpenAI-compatible automation (provider `openai`).',
  });

export type OpenAIConfig = z.output<typeof openaiConfigSchema>;

const message = z.looseObject({
  role: z.string().min(1, 'must not be empty'),
  content: z.unknown(),
});

/**
 * A run's inputs. `prompt` becomes one user message on the chat endpoint; on the completions
 * endpoint it is sent as `prompt`. Any key not named here is passed through into the body
 * (`min_tokens`, `top_p`, `max_completion_tokens`, ...).
 */
const openaiInputFields = z.looseObject({
  model: z.string().trim().min(1, 'is required'),
  messages: z.array(message).min(1, 'must hold at least one message').optional(),
  prompt: z.union([z.string(), z.array(z.string())]).optional(),
  max_tokens: z.number().int('must be a whole number').positive('must be at least 1').optional(),
  temperature: z.number().finite().min(0).max(2).optional(),
  seed: z.number().int('must be a whole number').optional(),
  ignore_eos: z.boolean().optional(),
});

export const openaiInputsSchema = openaiInputFields
  .refine((inputs) => inputs.messages !== undefined || inputs.prompt !== undefined, {
    message: 'give messages or prompt',
    path: ['messages'],
  })
  .meta({ id: 'OpenAIInputs', description: 'The inputs of an OpenAI-compatible run (provider `openai`).' });

export type OpenAIInputs = z.output<typeof openaiInputsSchema>;

/**
 * An automation's `default_inputs`, checked when it is saved: the same fields and types, but
 * none required, because a scenario's template or a trigger may supply `model` and the
 * messages; the whole run's inputs are checked against {@link openaiInputsSchema} when it runs.
 */
export const openaiDefaultInputsSchema = openaiInputFields.partial();
