/**
 * The connect guard covers an automation's own `config.base_url` (user-given) and not the
 * provider's base URL (the operator's): with a guard refusing loopback, a run to a loopback
 * automation base URL fails with OUTBOUND_BLOCKED and the server there receives nothing,
 * while a run without a base URL still reaches the provider's own (loopback) server.
 */
import { type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTinyFishProvider, type TinyFishProvider } from '../src/index.js';
import { API_KEY, quickModel, requestsTo } from './helpers.js';

let usual: MockTinyFish;
let own: MockTinyFish;
let provider: TinyFishProvider;

beforeAll(async () => {
  usual = await startMockTinyFish({ seed: 1, apiKey: API_KEY, model: quickModel() });
  own = await startMockTinyFish({ seed: 2, apiKey: API_KEY, model: quickModel() });
  provider = createTinyFishProvider({
    baseUrl: usual.url,
    apiKey: API_KEY,
    mock: true,
    eventLoopSampler: null,
    connectGuard: (url) => {
      throw Object.assign(new Error(`${url.hostname} is a loopback address`), { code: 'OUTBOUND_BLOCKED' });
    },
  });
});
afterAll(async () => {
  await provider.close();
  await Promise.all([usual.close(), own.close()]);
});

it("refuses an automation's base URL the guard refuses, sending nothing there", async () => {
  const outcome = await provider.execute({
    inputs: { url: 'https://example.com', goal: 'Find the title' },
    config: { base_url: own.url },
  });
  expect(outcome.status).toBe('failed');
  expect(outcome.error?.code).toBe('OUTBOUND_BLOCKED');
  expect(outcome.error?.message).toContain('127.0.0.1 is a loopback address');
  expect(own.requests()).toHaveLength(0);
});

it("leaves the provider's own base URL unguarded", async () => {
  const outcome = await provider.execute({ inputs: { url: 'https://example.com', goal: 'Find the title' } });
  expect(outcome.status).toBe('completed');
  expect(requestsTo(usual, 'POST /v1/automation/run-sse')).toHaveLength(1);
});
