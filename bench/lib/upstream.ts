/**
 * How the engine reaches the bench's mock: the live client configuration (not the product's
 * mock mode, which would start a mock inside the process) with the mock's URL as base URL.
 * The bare client is built from the same settings, so both send the same requests.
 */

/** A placeholder: the bench's mock checks no key, and the live configuration wants one. */
const PLACEHOLDER_API_KEY = 'bench-placeholder-not-a-secret';

export interface UpstreamSettings {
  baseUrl: string;
  apiKey: string;
  /** The tfbench environment variables that select this upstream. */
  env: Record<string, string>;
}

export function upstreamSettings(mockUrl: string): UpstreamSettings {
  return {
    baseUrl: mockUrl,
    apiKey: PLACEHOLDER_API_KEY,
    env: {
      TINYFISH_MOCK_MODE: 'false',
      TINYFISH_API_KEY: PLACEHOLDER_API_KEY,
      TINYFISH_BASE_URL: mockUrl,
    },
  };
}

/**
 * The environment of a measured runtime besides its database: this upstream, workers that
 * could each take every run (the benchmark's own cap decides), a short shutdown grace and
 * quiet logs.
 */
export function measuredRuntimeEnv(upstream: UpstreamSettings, concurrency: number): Record<string, string> {
  return {
    ...upstream.env,
    WORKER_CONCURRENCY: String(concurrency),
    WORKER_SHUTDOWN_GRACE_S: '2',
    LOG_LEVEL: 'warn',
    ...(process.env.TFBENCH_SENDER_THREAD
      ? { TFBENCH_SENDER_THREAD: process.env.TFBENCH_SENDER_THREAD }
      : {}),
    ...(process.env.TFBENCH_SENDER_THREAD_NICE
      ? { TFBENCH_SENDER_THREAD_NICE: process.env.TFBENCH_SENDER_THREAD_NICE }
      : {}),
  };
}
