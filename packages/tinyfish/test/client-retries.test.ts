import { createServer } from 'node:net';
import { startMockTinyFish } from '@tfbench/mock-tinyfish';
import { describe, expect, it } from 'vitest';
import { createTinyFishProvider } from '../src/index.js';
import { API_KEY, collector, inputs, quickModel, requestsTo, useMock } from './helpers.js';

const { mock, provider } = useMock();
const quickRetries = { max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100 };

describe('retries where no run can have started', () => {
  it('honours Retry-After on 429 and records every attempt', async () => {
    const c = collector();
    const outcome = await provider().execute({
      inputs: inputs(
        quickModel({ fault: 'rate_limit', fault_limit: 1, fault_key: 'retry-429', retry_after_s: 1 }),
      ),
      settings: { retry: quickRetries },
      onEvent: c.onEvent,
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.attempts).toHaveLength(2);
    const [first, second] = outcome.attempts;
    expect(first).toMatchObject({
      attempt: 1,
      http_status: 429,
      error_code: 'RATE_LIMIT_EXCEEDED',
      retry_after_ms: 1000,
    });
    expect(first?.wait_ms).toBeGreaterThanOrEqual(1000);
    expect(second).toMatchObject({ attempt: 2, http_status: 200, error_code: null, wait_ms: null });
    expect(second?.at_ms).toBeGreaterThanOrEqual(1000);
    expect(outcome.metrics.retry_wait_ms).toBe(second?.at_ms);
    expect(c.types()[0]).toBe('RETRY');
    expect(c.of('RETRY')[0]?.payload).toMatchObject({
      attempt: 1,
      error_code: 'RATE_LIMIT_EXCEEDED',
      http_status: 429,
    });
    // Latencies count from the first attempt, so they include the wait.
    expect(outcome.metrics.time_to_started_ms).toBeGreaterThan(second?.at_ms as number);
    expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(2);
  });

  it('retries 503 SERVICE_BUSY with backoff, in every mode', async () => {
    for (const mode of ['sse', 'sync', 'async'] as const) {
      const outcome = await provider().execute({
        inputs: inputs(
          quickModel({ fault: 'service_busy', fault_limit: 2, fault_key: `busy-${mode}`, retry_after_s: 0 }),
        ),
        settings: { mode, retry: quickRetries, poll_interval_ms: 25 },
      });
      expect(outcome.status, mode).toBe('completed');
      expect(outcome.attempts.map((a) => a.http_status)).toEqual([503, 503, 200]);
      expect(outcome.attempts.map((a) => a.error_code)).toEqual(['SERVICE_BUSY', 'SERVICE_BUSY', null]);
    }
  });

  it('gives up after max_attempts with the last error', async () => {
    const outcome = await provider().execute({
      inputs: inputs(quickModel({ fault: 'rate_limit', retry_after_s: 0 })),
      settings: { retry: { ...quickRetries, max_attempts: 2 } },
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', http_status: 429 });
    expect(outcome.error?.message).toContain('after 2 attempt(s)');
    expect(outcome.attempts).toHaveLength(2);
    expect(outcome.upstream_run_id).toBeNull();
  });

  it('caps what Retry-After may ask at max_retry_after_ms', async () => {
    const outcome = await provider().execute({
      inputs: inputs(
        quickModel({ fault: 'rate_limit', fault_limit: 1, fault_key: 'cap', retry_after_s: 30 }),
      ),
      settings: { retry: { ...quickRetries, max_retry_after_ms: 150 } },
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.attempts[0]).toMatchObject({ retry_after_ms: 30_000, wait_ms: 150 });
  });

  it('does not wait past the total budget', async () => {
    const outcome = await provider().execute({
      inputs: inputs(quickModel({ fault: 'rate_limit', retry_after_s: 5 })),
      settings: { timeout_s: 1 },
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(outcome.error?.message).toContain('would exceed the total budget');
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.metrics.total_duration_ms).toBeLessThan(1000);
  });

  it('never retries errors after which a run may exist, or that retrying cannot fix', async () => {
    const credits = await provider().execute({
      inputs: inputs(quickModel({ fault: 'insufficient_credits' })),
      settings: { retry: quickRetries },
    });
    expect(credits).toMatchObject({
      status: 'failed',
      error: { code: 'INSUFFICIENT_CREDITS', http_status: 403 },
    });
    expect(credits.attempts).toHaveLength(1);
    const internal = await provider().execute({
      inputs: inputs(quickModel({ fault: 'internal_error' })),
      settings: { retry: quickRetries },
    });
    expect(internal).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR', http_status: 500 } });
    expect(internal.attempts).toHaveLength(1);
  });

  it('retries refused connections and reports NETWORK_ERROR with the cause', async () => {
    const port = await closedPort();
    const refused = createTinyFishProvider({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      mock: true,
    });
    try {
      const outcome = await refused.execute({ inputs: inputs(), settings: { retry: quickRetries } });
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatchObject({ code: 'NETWORK_ERROR', details: { cause: 'ECONNREFUSED' } });
      expect(outcome.attempts).toHaveLength(3);
      expect(outcome.attempts.every((a) => a.error_code === 'NETWORK_ERROR' && a.http_status === null)).toBe(
        true,
      );
    } finally {
      await refused.close();
    }
  });
});

describe('API errors', () => {
  it('maps a missing and a wrong API key', async () => {
    const keyless = createTinyFishProvider({ baseUrl: mock().url, mock: true });
    const wrong = createTinyFishProvider({ baseUrl: mock().url, apiKey: 'sk-wrong-key-000000', mock: true });
    try {
      expect(await keyless.execute({ inputs: inputs() })).toMatchObject({
        status: 'failed',
        error: { code: 'MISSING_API_KEY', http_status: 401, upstream_code: 'MISSING_API_KEY' },
      });
      expect(await wrong.execute({ inputs: inputs(), settings: { mode: 'sync' } })).toMatchObject({
        status: 'failed',
        error: { code: 'INVALID_API_KEY', http_status: 401 },
      });
    } finally {
      await keyless.close();
      await wrong.close();
    }
  });

  it("maps the strict API's INVALID_INPUT with its issues", async () => {
    const strict = await startMockTinyFish({ seed: 1, strict: true });
    const live = createTinyFishProvider({ baseUrl: strict.url, mock: false });
    try {
      const outcome = await live.execute({ inputs: { url: 'not a url', goal: 'x' } });
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT', http_status: 400 } });
      expect(JSON.stringify(outcome.error?.details)).toContain('url');
    } finally {
      await live.close();
      await strict.close();
    }
  });
});

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
