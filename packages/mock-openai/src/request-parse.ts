import type { IncomingHttpHeaders } from 'node:http';
import { type ZodError, z } from 'zod';
import {
  behaviourOverridesSchema,
  FAULT_KINDS,
  type MockOpenAIBehaviourOverrides,
  quirksSchema,
} from './behaviour.js';
import type { Endpoint } from './plan.js';
import type { ApiError } from './wire.js';

/** A validated generation request: what the mock needs of the body, nothing more. */
export interface GenerationRequest {
  endpoint: Endpoint;
  model: string;
  stream: boolean;
  includeUsage: boolean;
  continuousUsage: boolean;
  maxTokens: number | null;
  minTokens: number | null;
  ignoreEos: boolean;
  /** The OpenAI `seed` parameter; when set it alone seeds the plan. */
  seed: number | null;
  /** The texts billed as prompt tokens. */
  promptTexts: string[];
  /** Prompt tokens framing per text (chat messages carry role framing). */
  framingPerText: number;
  /** Behaviour overrides of this request: the `mock` body field, then the headers over it. */
  overrides: MockOpenAIBehaviourOverrides;
}

const optionalInt = (min: number) => z.number().int().min(min).nullable().optional();

/** Fields both endpoints share. Unknown fields pass, as real servers accept them. */
const common = {
  model: z.string().min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z
    .looseObject({ include_usage: z.boolean().optional(), continuous_usage_stats: z.boolean().optional() })
    .nullable()
    .optional(),
  max_tokens: optionalInt(1),
  min_tokens: optionalInt(0),
  ignore_eos: z.boolean().nullable().optional(),
  seed: z.number().int().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.literal(1, { message: 'the mock serves n = 1 only' }).nullable().optional(),
  mock: behaviourOverridesSchema.optional(),
};

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const chatSchema = z.looseObject({
  ...common,
  messages: z
    .array(
      z.looseObject({
        role: z.string().min(1),
        content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
      }),
    )
    .min(1),
  max_completion_tokens: optionalInt(1),
});

const tokenIds = z.array(z.number().int().min(0)).min(1);
const completionsSchema = z.looseObject({
  ...common,
  prompt: z.union([
    z.string(),
    z.array(z.string()).length(1, { message: 'the mock serves one prompt per request' }),
    tokenIds,
    z.array(tokenIds).length(1, { message: 'the mock serves one prompt per request' }),
  ]),
});

/** Validates a body; a failure is the 400 an OpenAI server would answer. */
export function parseGenerationRequest(
  endpoint: Endpoint,
  body: unknown,
  headers: IncomingHttpHeaders,
): { request: GenerationRequest } | { error: ApiError } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: badRequest('The request body must be a JSON object.', null) };
  }
  const parsed = (endpoint === 'chat' ? chatSchema : completionsSchema).safeParse(body);
  if (!parsed.success) return { error: fromZod(parsed.error) };
  const b = parsed.data as z.output<typeof chatSchema> & z.output<typeof completionsSchema>;
  const stream = b.stream === true;
  if (!stream && b.stream_options != null) {
    return {
      error: badRequest(
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        'stream_options',
      ),
    };
  }
  const fromHeaders = parseMockHeaders(headers);
  if ('error' in fromHeaders) return fromHeaders;
  const overrides: MockOpenAIBehaviourOverrides = { ...b.mock, ...fromHeaders.overrides };
  if (b.mock?.quirks || fromHeaders.overrides.quirks) {
    overrides.quirks = { ...b.mock?.quirks, ...fromHeaders.overrides.quirks };
  }
  return {
    request: {
      endpoint,
      model: b.model,
      stream,
      includeUsage: stream && b.stream_options?.include_usage === true,
      continuousUsage: stream && b.stream_options?.continuous_usage_stats === true,
      maxTokens: (endpoint === 'chat' ? b.max_completion_tokens : null) ?? b.max_tokens ?? null,
      minTokens: b.min_tokens ?? null,
      ignoreEos: b.ignore_eos === true,
      seed: b.seed ?? null,
      promptTexts: endpoint === 'chat' ? chatTexts(b.messages) : promptTexts(b.prompt),
      framingPerText: endpoint === 'chat' ? 4 : 0,
      overrides,
    },
  };
}

function chatTexts(messages: z.output<typeof chatSchema>['messages']): string[] {
  return messages.map((m) =>
    typeof m.content === 'string'
      ? m.content
      : Array.isArray(m.content)
        ? m.content.map((p) => p.text ?? '').join('')
        : '',
  );
}

function promptTexts(prompt: z.output<typeof completionsSchema>['prompt']): string[] {
  if (typeof prompt === 'string') return [prompt];
  const first = prompt[0];
  if (typeof first === 'string') return [first];
  // Token ids: each id is one token, i.e. four "characters" of the estimate.
  const ids = Array.isArray(first) ? first : (prompt as number[]);
  return ['x'.repeat(ids.length * 4)];
}

/**
 * `x-mock-quirks: continuous_usage, usage_chunk=null_choices, ping_interval_ms=50` sets quirks
 * (a bare name means true); `x-mock-fault: rate_limit` forces a fault (`none` forces none).
 */
function parseMockHeaders(
  headers: IncomingHttpHeaders,
): { overrides: MockOpenAIBehaviourOverrides } | { error: ApiError } {
  const overrides: MockOpenAIBehaviourOverrides = {};
  const quirkHeader = headers['x-mock-quirks'];
  if (typeof quirkHeader === 'string' && quirkHeader.trim().length > 0) {
    const raw: Record<string, unknown> = {};
    for (const item of quirkHeader.split(',')) {
      const [name, value] = item.split('=', 2).map((s) => s.trim()) as [string, string | undefined];
      if (name.length === 0) continue;
      raw[name] = value === undefined ? true : headerValue(value);
    }
    const quirks = quirksSchema.partial().safeParse(raw);
    if (!quirks.success) {
      const issue = quirks.error.issues[0]!;
      const at = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      return { error: badRequest(`Invalid 'x-mock-quirks' header${at}: ${issue.message}`, 'x-mock-quirks') };
    }
    overrides.quirks = quirks.data;
  }
  const faultHeader = headers['x-mock-fault'];
  if (typeof faultHeader === 'string' && faultHeader.trim().length > 0) {
    const fault = z.enum([...FAULT_KINDS, 'none']).safeParse(faultHeader.trim());
    if (!fault.success) {
      return {
        error: badRequest(
          `Invalid 'x-mock-fault' header: expected one of ${[...FAULT_KINDS, 'none'].join(', ')}`,
          'x-mock-fault',
        ),
      };
    }
    overrides.fault = fault.data;
  }
  return { overrides };
}

function headerValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

export function badRequest(message: string, param: string | null): ApiError {
  return { status: 400, message, type: 'invalid_request_error', param, code: null };
}

/** The first issue, worded the way OpenAI words its 400s. */
function fromZod(error: ZodError): ApiError {
  const issue = error.issues[0]!;
  const param = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return badRequest(`Missing required parameter: '${param}'.`, param);
  }
  return badRequest(`Invalid '${param}': ${issue.message}.`, param || null);
}
