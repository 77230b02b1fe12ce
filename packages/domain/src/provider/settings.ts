import { z } from 'zod';

/**
 * Run settings every provider understands. They come from a scenario's `run_settings` and
 * an automation's `config`; unknown keys (concurrency, iterations, ...) belong to the
 * engine and are ignored here.
 */
/**
 * Longest wait any of these settings may ask for: a day. Node's timers take at most 2^31 - 1 ms
 * (24.8 days) and fire after 1 ms beyond that, so an absurd budget would act as none.
 */
export const MAX_SETTING_MS = 86_400_000;

const milliseconds = (min: number) =>
  z
    .number()
    .int(`must be a whole number of milliseconds from ${min} to ${MAX_SETTING_MS}`)
    .min(min, `must be a whole number of milliseconds from ${min} to ${MAX_SETTING_MS}`)
    .max(MAX_SETTING_MS, `must be a whole number of milliseconds from ${min} to ${MAX_SETTING_MS}`);

export const runSettingsSchema = z.looseObject({
  /** Provider-specific way of calling the upstream; TinyFish: sse (default), sync, async. */
  mode: z.string().min(1).optional(),
  /** Total time budget of the run in seconds, retries included; null = the default. */
  timeout_s: z.number().positive().nullable().optional(),
  /** Budget for establishing the TCP/TLS connection of each request. */
  connect_timeout_ms: milliseconds(1).optional(),
  /** Budget from the request to the response headers (not used by blocking modes). */
  headers_timeout_ms: milliseconds(1).optional(),
  /** Longest silence allowed between two stream events; heartbeats count as events. */
  idle_timeout_ms: milliseconds(1).optional(),
  /** Interval between status polls (async mode, and after a broken stream). */
  poll_interval_ms: milliseconds(1).optional(),
  retry: z
    .object({
      /** Attempts in total, the first included; 1 disables retries. */
      max_attempts: z.number().int().min(1).max(20).optional(),
      /** First backoff step; doubles on every retry, with jitter. */
      base_delay_ms: milliseconds(0).optional(),
      /** Cap of the exponential backoff. */
      max_delay_ms: milliseconds(0).optional(),
      /** Cap on what Retry-After may ask us to wait. */
      max_retry_after_ms: milliseconds(0).optional(),
    })
    .optional(),
});

export type RunSettings = z.input<typeof runSettingsSchema>;

/** Run settings with every default filled in. */
export interface ResolvedRunSettings {
  mode: string | undefined;
  /** Total budget in ms, retries and polls included. */
  total_timeout_ms: number;
  connect_timeout_ms: number;
  headers_timeout_ms: number;
  idle_timeout_ms: number;
  poll_interval_ms: number;
  retry: { max_attempts: number; base_delay_ms: number; max_delay_ms: number; max_retry_after_ms: number };
}

/**
 * Defaults. The total budget of 1,500 s leaves room for TinyFish's documented 1,200 s run
 * cap plus queueing; the idle budget of 120 s is far above the ~10-15 s heartbeat cadence
 * seen in practice; retries follow the official SDKs (3 attempts, 0.5 s doubling to 8 s)
 * and cap Retry-After at 60 s.
 */
export const DEFAULT_RUN_SETTINGS: ResolvedRunSettings = Object.freeze({
  mode: undefined,
  total_timeout_ms: 1_500_000,
  connect_timeout_ms: 10_000,
  headers_timeout_ms: 30_000,
  idle_timeout_ms: 120_000,
  poll_interval_ms: 2_000,
  retry: Object.freeze({
    max_attempts: 3,
    base_delay_ms: 500,
    max_delay_ms: 8_000,
    max_retry_after_ms: 60_000,
  }),
});

/**
 * Fill in defaults. Throws a ZodError naming the field when a setting is invalid.
 *
 * @example
 * resolveRunSettings({ timeout_s: 30, retry: { max_attempts: 1 } }).total_timeout_ms; // 30000
 */
export function resolveRunSettings(settings: RunSettings = {}): ResolvedRunSettings {
  const s = runSettingsSchema.parse(settings);
  const d = DEFAULT_RUN_SETTINGS;
  return {
    mode: s.mode,
    total_timeout_ms: s.timeout_s == null ? d.total_timeout_ms : Math.round(s.timeout_s * 1000),
    connect_timeout_ms: s.connect_timeout_ms ?? d.connect_timeout_ms,
    headers_timeout_ms: s.headers_timeout_ms ?? d.headers_timeout_ms,
    idle_timeout_ms: s.idle_timeout_ms ?? d.idle_timeout_ms,
    poll_interval_ms: s.poll_interval_ms ?? d.poll_interval_ms,
    retry: {
      max_attempts: s.retry?.max_attempts ?? d.retry.max_attempts,
      base_delay_ms: s.retry?.base_delay_ms ?? d.retry.base_delay_ms,
      max_delay_ms: s.retry?.max_delay_ms ?? d.retry.max_delay_ms,
      max_retry_after_ms: s.retry?.max_retry_after_ms ?? d.retry.max_retry_after_ms,
    },
  };
}
