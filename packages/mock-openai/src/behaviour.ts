import { type DelayDistribution, MAX_DELAY_MS } from '@tfbench/mock-tinyfish';
import { z } from 'zod';

/**
 * The behaviour model of the mock OpenAI server: how a generation is timed and shaped, which
 * wire quirks it shows and which faults it injects. The server holds one model; a request's
 * model id may add to it (see MockModelSpec) and the request itself may too (the `mock` body
 * field and the `x-mock-quirks` / `x-mock-fault` headers). README.md documents every key.
 */

/** Failures the mock can inject into a generation request. */
export const FAULT_KINDS = ['rate_limit', 'server_error', 'stream_error', 'drop', 'hang'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Wire variants seen across OpenAI-compatible servers, each switchable. */
export interface Quirks {
  /** Open the stream with a role-only chunk `delta: {role: "assistant", content: ""}` (OpenAI, vLLM). */
  role_chunk: boolean;
  /**
   * The usage chunk sent when `stream_options.include_usage` asks for it: `choices: []` (OpenAI),
   * `choices: null` or no `choices` key (some vLLM versions), or never sent (servers that ignore it).
   */
  usage_chunk: 'empty_choices' | 'null_choices' | 'no_choices' | 'never';
  /** Cumulative usage on every chunk, as vLLM's `continuous_usage_stats: true` does. */
  continuous_usage: boolean;
  /** Send a `: ping` comment every this many ms while the stream is open; 0 = never. */
  ping_interval_ms: number;
  /** `finish_reason` in a chunk of its own with an empty delta (OpenAI), or on the last token chunk. */
  finish_chunk: 'separate' | 'with_last_token';
  /** The delta key carrying reasoning: `reasoning_content` (vLLM, SGLang, DeepSeek) or `reasoning` (OpenRouter). */
  reasoning_field: 'reasoning_content' | 'reasoning';
  /** Error bodies as OpenAI writes them (`{"error": {...}}`) or as vLLM does (`{"object": "error", ...}`). */
  error_shape: 'openai' | 'vllm';
  /** After an in-stream error chunk, also send `data: [DONE]` (vLLM does; OpenAI just ends). */
  done_after_error: boolean;
}

/** Linear slow-down under load; see loadMultiplier in load.ts. */
export interface LoadModel {
  /** Requests in flight up to which nothing slows down. */
  knee: number;
  /** Every `scale` requests in flight beyond the knee add 1x to TTFT and inter-chunk gaps. */
  scale: number;
}

export interface MockOpenAIBehaviour {
  /** Time from the parsed request to the first token (reasoning or content), before load. */
  ttft_ms: DelayDistribution;
  /** Generation speed, drawn once per request. */
  tokens_per_s: DelayDistribution;
  /** Tokens carried by each chunk, drawn per chunk, rounded, at least 1. */
  tokens_per_chunk: DelayDistribution;
  /** Each inter-chunk gap is scaled by a uniform factor in [1 - jitter, 1 + jitter]. */
  gap_jitter: number;
  /** Reasoning tokens streamed before the answer (chat only), drawn once per request, rounded. */
  reasoning_tokens: DelayDistribution;
  /** The length the model "wants" to answer with (reasoning included), before `max_tokens`. */
  output_tokens: DelayDistribution;
  /** Upper bound on output tokens when the request sets no `max_tokens`. */
  max_output_tokens: number;
  /** null: no slow-down under load. */
  load: LoadModel | null;
  quirks: Quirks;
  /** A fault forced on every request; null leaves it to `fault_rates`. */
  fault: FaultKind | 'none' | null;
  /** Probability of each fault per request (one seeded draw); the sum must be <= 1. */
  fault_rates: Partial<Record<FaultKind, number>>;
  /** Output tokens sent before `stream_error` or `drop` strikes; null = half the planned output. */
  fault_after_tokens: number | null;
  /** `retry-after` seconds of a 429. */
  retry_after_s: number;
  /** Status of a `server_error` fault. */
  server_error_status: 500 | 502 | 503 | 504;
  /** Message of a `server_error` or `stream_error`; null = a default per kind. */
  error_message: string | null;
}

export const DEFAULT_QUIRKS: Quirks = {
  role_chunk: true,
  usage_chunk: 'empty_choices',
  continuous_usage: false,
  ping_interval_ms: 0,
  finish_chunk: 'separate',
  reasoning_field: 'reasoning_content',
  error_shape: 'openai',
  done_after_error: false,
};

export const DEFAULT_BEHAVIOUR: MockOpenAIBehaviour = {
  ttft_ms: { dist: 'lognormal', median: 120, sigma: 0.35, max: 3000 },
  tokens_per_s: { dist: 'normal', mean: 50, stddev: 5, min: 5 },
  tokens_per_chunk: { dist: 'fixed', value: 1 },
  gap_jitter: 0.1,
  reasoning_tokens: { dist: 'fixed', value: 0 },
  output_tokens: { dist: 'lognormal', median: 150, sigma: 0.6, min: 1, max: 4096 },
  max_output_tokens: 4096,
  load: { knee: 64, scale: 64 },
  quirks: DEFAULT_QUIRKS,
  fault: null,
  fault_rates: {},
  fault_after_tokens: null,
  retry_after_s: 1,
  server_error_status: 500,
  error_message: null,
};

const bound = z.number().finite().min(0).max(MAX_DELAY_MS);
export const distributionSchema = z.union([
  bound.transform((value): DelayDistribution => ({ dist: 'fixed', value })),
  z.strictObject({ dist: z.literal('fixed'), value: bound }),
  z.strictObject({ dist: z.literal('uniform'), min: bound, max: bound }).refine((d) => d.min <= d.max, {
    message: 'min must be <= max',
  }),
  z.strictObject({
    dist: z.literal('normal'),
    mean: bound,
    stddev: bound,
    min: bound.optional(),
    max: bound.optional(),
  }),
  z.strictObject({
    dist: z.literal('lognormal'),
    median: bound,
    sigma: z.number().finite().min(0).max(10),
    min: bound.optional(),
    max: bound.optional(),
  }),
]);

export const quirksSchema = z.strictObject({
  role_chunk: z.boolean(),
  usage_chunk: z.enum(['empty_choices', 'null_choices', 'no_choices', 'never']),
  continuous_usage: z.boolean(),
  ping_interval_ms: z.number().int().min(0).max(600_000),
  finish_chunk: z.enum(['separate', 'with_last_token']),
  reasoning_field: z.enum(['reasoning_content', 'reasoning']),
  error_shape: z.enum(['openai', 'vllm']),
  done_after_error: z.boolean(),
});

const faultRatesSchema = z
  .strictObject(Object.fromEntries(FAULT_KINDS.map((k) => [k, z.number().min(0).max(1).optional()])))
  .refine((rates) => Object.values(rates).reduce((a: number, b) => a + (b ?? 0), 0) <= 1, {
    message: 'fault rates must add up to at most 1',
  });

/** A partial behaviour: what the server option, a model spec or a request's `mock` field may set. */
export const behaviourOverridesSchema = z.strictObject({
  ttft_ms: distributionSchema.optional(),
  tokens_per_s: distributionSchema.optional(),
  tokens_per_chunk: distributionSchema.optional(),
  gap_jitter: z.number().min(0).max(1).optional(),
  reasoning_tokens: distributionSchema.optional(),
  output_tokens: distributionSchema.optional(),
  max_output_tokens: z.number().int().min(1).max(1_000_000).optional(),
  load: z
    .strictObject({ knee: z.number().int().min(0), scale: z.number().positive().finite() })
    .nullable()
    .optional(),
  quirks: quirksSchema.partial().optional(),
  fault: z
    .enum([...FAULT_KINDS, 'none'])
    .nullable()
    .optional(),
  fault_rates: faultRatesSchema.optional(),
  fault_after_tokens: z.number().int().min(0).nullable().optional(),
  retry_after_s: z.number().int().min(0).max(86_400).optional(),
  server_error_status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  error_message: z.string().max(2000).nullable().optional(),
});

/** What a caller may write: distributions may be plain numbers. */
export type MockOpenAIBehaviourInput = z.input<typeof behaviourOverridesSchema>;
export type MockOpenAIBehaviourOverrides = z.output<typeof behaviourOverridesSchema>;

/**
 * Layers `overrides` over `base` key by key; a key replaces the base's value whole, except
 * `quirks` and `fault_rates`, merged one level deep so that switching one quirk on for one
 * request keeps the others as the server has them.
 */
export function mergeBehaviour(
  base: MockOpenAIBehaviour,
  overrides: MockOpenAIBehaviourOverrides | undefined,
): MockOpenAIBehaviour {
  if (!overrides) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) out[key] = value;
  }
  out.quirks = { ...base.quirks, ...overrides.quirks };
  out.fault_rates = overrides.fault_rates
    ? { ...base.fault_rates, ...overrides.fault_rates }
    : base.fault_rates;
  return out as unknown as MockOpenAIBehaviour;
}

/** Validates a server-wide behaviour, throwing a readable error (a programming or CLI mistake). */
export function parseBehaviourOption(value: unknown, label: string): MockOpenAIBehaviourOverrides {
  const parsed = behaviourOverridesSchema.safeParse(value);
  if (!parsed.success) {
    const text = parsed.error.issues.map((i) => `${[label, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new TypeError(`Invalid mock OpenAI behaviour: ${text}`);
  }
  return parsed.data;
}
