/**
 * The environment variables that decide how much of tfbench one client may use (request
 * rates, live-event streams, spend) and which browsers and hosts may reach the API. Parsed
 * with the rest of the environment by `loadConfig`; kept apart so that the main schema stays
 * about wiring, and these about exposure.
 */
import { z } from 'zod';

const count = (max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, `must be between 0 (off) and ${max}`)
    .max(max, `must be between 0 (off) and ${max}`)
    .default(fallback);

/** A comma-separated list, empty entries dropped. */
const list = (check: z.ZodString) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(check))
    .optional();

const origin = z
  .string()
  .regex(
    /^https?:\/\/[^/\s]+$/,
    'must be comma-separated origins (scheme, host and port, no path), such as https://bench.example.com',
  );

const publicUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be comma-separated http(s) URLs');

const host = z
  .string()
  .regex(
    /^[A-Za-z0-9.:[\]-]+$/,
    'must be comma-separated host names, without scheme, such as bench.example.com',
  );

/** Merged into the environment schema of loadConfig. */
export const exposureEnvShape = {
  // Requests per minute of one credential (an API key, a session), or of one client address
  // for requests without a credential. Generous: the dashboard, the tests and the benches
  // stay far below it.
  TFBENCH_RATE_LIMIT_PER_MIN: count(1_000_000, 1_200),
  // Requests per minute of one client address, whatever credentials it presents: made-up
  // credentials cannot each get a fresh allowance.
  TFBENCH_RATE_LIMIT_IP_PER_MIN: count(1_000_000, 4_800),
  // Run-creating requests (trigger a run, start or rerun a benchmark) per minute, per
  // credential or address: each of them can spend money.
  TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN: count(1_000_000, 60),
  // Live-event streams (GET /api/v1/events) open at once, per credential or address, and in all.
  TFBENCH_EVENT_STREAMS_PER_CLIENT: count(100_000, 20),
  TFBENCH_EVENT_STREAMS_MAX: count(1_000_000, 1_000),
  // US dollars tfbench may spend per UTC day; reached, new runs and benchmarks are refused.
  TFBENCH_DAILY_BUDGET_USD: z.coerce
    .number({ error: 'must be a number of US dollars' })
    .positive('must be more than 0 (leave it unset for no budget)')
    .optional(),
  // Where browsers reach tfbench (the dashboard's URL, and the API's when it is public).
  TFBENCH_PUBLIC_URL: list(publicUrl),
  // More host names the API answers to, besides loopback names and the public URLs' hosts.
  TFBENCH_ALLOWED_HOSTS: list(host),
  // Origins allowed to call the API from a browser page of their own (CORS); unset: none.
  TFBENCH_CORS_ORIGINS: list(origin),
  // Which proxies' X-Forwarded-* headers to believe: true (all), a hop count, or addresses.
  TFBENCH_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|(\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)\s*)(,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)\s*)*)$/,
      'must be true, false, a number of hops, or comma-separated proxy addresses/CIDRs (loopback, 10.0.0.0/8, ...)',
    )
    .optional(),
};

export interface ExposureConfig {
  rateLimits: {
    /** Per credential, or per address without one; 0: off. */
    perMinute: number;
    /** Per client address, whatever the credential; 0: off. */
    perAddressPerMinute: number;
    /** Run-creating requests per credential or address; 0: off. */
    triggersPerMinute: number;
  };
  eventStreams: { perClient: number; total: number };
  /** Daily spend cap in US dollars (UTC days); undefined: none. */
  dailyBudgetUsd: number | undefined;
  http: {
    /** Public URLs browsers use (the dashboard's, the API's). */
    publicUrls: string[];
    /** Host names accepted besides loopback names and the public URLs' hosts. */
    allowedHosts: string[];
    /** Browser origins allowed to read API responses; empty: CORS closed. */
    corsOrigins: string[];
    /** Fastify's trustProxy: false, true, a hop count, or a list of proxy addresses. */
    trustProxy: boolean | number | string;
  };
}

type ExposureEnv = z.output<z.ZodObject<typeof exposureEnvShape>>;

export function exposureConfig(e: ExposureEnv): ExposureConfig {
  return {
    rateLimits: {
      perMinute: e.TFBENCH_RATE_LIMIT_PER_MIN,
      perAddressPerMinute: e.TFBENCH_RATE_LIMIT_IP_PER_MIN,
      triggersPerMinute: e.TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN,
    },
    eventStreams: { perClient: e.TFBENCH_EVENT_STREAMS_PER_CLIENT, total: e.TFBENCH_EVENT_STREAMS_MAX },
    dailyBudgetUsd: e.TFBENCH_DAILY_BUDGET_USD,
    http: {
      publicUrls: e.TFBENCH_PUBLIC_URL ?? [],
      allowedHosts: (e.TFBENCH_ALLOWED_HOSTS ?? []).map((h) => h.toLowerCase()),
      corsOrigins: e.TFBENCH_CORS_ORIGINS ?? [],
      trustProxy: trustProxyOf(e.TFBENCH_TRUST_PROXY),
    },
  };
}

function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
