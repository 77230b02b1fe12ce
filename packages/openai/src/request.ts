/**
 * One run's request, prepared before t0: the endpoint, the headers (credentials included)
 * and the JSON body, from the automation's config, its credentials and the run's inputs.
 * Everything that can be wrong with them is found here, so a bad config or bad inputs fail
 * the run without a request.
 */
import type { RunError, UpstreamCredentials } from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';
import { type RequestTarget, requestTarget } from '@tfbench/provider-kit/http';
import type { z } from 'zod';
import {
  type OpenAIConfig,
  type OpenAIEndpoint,
  type OpenAIInputs,
  type OpenAIMode,
  openaiConfigSchema,
  openaiInputsSchema,
} from './schemas.js';

export interface Prices {
  input_per_mtok_usd: number;
  output_per_mtok_usd: number;
}

export interface PreparedRequest {
  url: URL;
  target: RequestTarget;
  endpoint: OpenAIEndpoint;
  headers: Record<string, string>;
  body: Buffer;
  model: string;
  /** The key and the secret header values, for the run's redactor. */
  secrets: string[];
  prices: Prices | null;
}

export type Prepared = { ok: true; request: PreparedRequest } | { ok: false; error: RunError };

/** Input keys the client turns into body fields itself rather than passing through. */
const SHAPED_KEYS = new Set(['prompt', 'messages', 'stream', 'stream_options']);

export interface PrepareOptions {
  /** The automation's stored config and its credentials, decrypted by the engine for this run. */
  automation: { config: Record<string, unknown>; credentials?: UpstreamCredentials } | undefined;
  inputs: Record<string, unknown>;
  mode: OpenAIMode;
  /** Where `api_key_env` is looked up (the server's environment). */
  env: Readonly<Record<string, string | undefined>>;
  userAgent: string;
}

/**
 * @example
 * prepareRequest({ automation: { config: { base_url: 'http://127.0.0.1:8000/v1' } },
 *   inputs: { model: 'm', prompt: 'Hi' }, mode: 'stream', env: {}, userAgent: 'tfbench' });
 * // body: {"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}
 */
export function prepareRequest(options: PrepareOptions): Prepared {
  const parsedConfig = openaiConfigSchema.safeParse(options.automation?.config ?? {});
  if (!parsedConfig.success)
    return { ok: false, error: invalid('INVALID_CONFIG', 'config', parsedConfig.error) };
  const config = parsedConfig.data;
  const parsedInputs = openaiInputsSchema.safeParse(options.inputs);
  if (!parsedInputs.success)
    return { ok: false, error: invalid('INVALID_INPUT', 'inputs', parsedInputs.error) };
  const inputs = parsedInputs.data;

  const credentials = options.automation?.credentials;
  let apiKey = credentials?.api_key ?? config.api_key;
  if (apiKey === undefined && config.api_key_env !== undefined) {
    apiKey = options.env[config.api_key_env];
    if (!apiKey) {
      return {
        ok: false,
        error: runError(
          'MISSING_API_KEY',
          `config.api_key_env names ${config.api_key_env}, which is not set in this server's environment`,
          { details: { field: 'config.api_key_env' } },
        ),
      };
    }
  }
  const extraHeaders = credentials?.headers ?? config.headers ?? {};
  const endpoint = config.endpoint ?? 'chat';
  const stream = options.mode === 'stream';
  const url = endpointUrl(config.base_url, endpoint);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'user-agent': options.userAgent,
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  // The user's headers win, so a gateway wanting `api-key:` (Azure) or its own auth can have it.
  for (const [name, value] of Object.entries(extraHeaders)) headers[name.toLowerCase()] = value;
  const body = buildBody(config, inputs, endpoint, stream);
  return {
    ok: true,
    request: {
      url,
      target: requestTarget(url),
      endpoint,
      headers,
      body: Buffer.from(JSON.stringify(body)),
      model: inputs.model,
      secrets: [apiKey, ...Object.values(extraHeaders)].filter((s): s is string => typeof s === 'string'),
      prices: config.prices ?? null,
    },
  };
}

/** `{base}/chat/completions` or `{base}/completions`, keeping the base's path and query. */
export function endpointUrl(baseUrl: string, endpoint: OpenAIEndpoint): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${endpoint === 'chat' ? 'chat/completions' : 'completions'}`;
  return url;
}

/**
 * extra_body first, then every input (so a run can override the automation), then the
 * fields the client owns: messages or prompt, stream, and stream_options with include_usage.
 */
function buildBody(
  config: OpenAIConfig,
  inputs: OpenAIInputs,
  endpoint: OpenAIEndpoint,
  stream: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(config.extra_body ?? {}) };
  for (const [key, value] of Object.entries(inputs)) if (!SHAPED_KEYS.has(key)) body[key] = value;
  if (endpoint === 'chat') {
    body.messages = inputs.messages ?? [{ role: 'user', content: promptText(inputs.prompt) }];
  } else {
    body.prompt = inputs.prompt ?? messagesText(inputs.messages ?? []);
  }
  body.stream = stream;
  if (stream) {
    const asked = { ...objectOr(config.extra_body?.stream_options), ...objectOr(inputs.stream_options) };
    if (config.include_usage !== false) asked.include_usage = true;
    if (Object.keys(asked).length > 0) body.stream_options = asked;
  }
  return body;
}

function promptText(prompt: OpenAIInputs['prompt']): string {
  return Array.isArray(prompt) ? prompt.join('\n') : (prompt ?? '');
}

/** The completions endpoint takes text: messages are joined, content strings only. */
function messagesText(messages: NonNullable<OpenAIInputs['messages']>): string {
  return messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The first issue, named by its field: the same words the API's 400 would use. */
function invalid(code: 'INVALID_CONFIG' | 'INVALID_INPUT', root: string, error: z.ZodError): RunError {
  const issue = error.issues[0];
  const field = [root, ...(issue?.path ?? []).map(String)].join('.');
  return runError(code, `${field} ${issue?.message ?? 'is invalid'}`, {
    details: { field, issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}
