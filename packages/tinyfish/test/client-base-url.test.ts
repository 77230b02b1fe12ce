/**
 * An automation's `config.base_url` is where its runs go: creating, polling, reconciling and
 * cancelling all use it, while runs without one keep the provider's base URL.
 */
import { type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyFishProvider, type TinyFishProvider } from '../src/index.js';
import { API_KEY, quickModel, requestsTo } from './helpers.js';

describe("an automation's base_url", () => {
  let usual: MockTinyFish;
  let own: MockTinyFish;
  let provider: TinyFishProvider;
  beforeAll(async () => {
    usual = await startMockTinyFish({ seed: 1, apiKey: API_KEY });
    own = await startMockTinyFish({ seed: 2, apiKey: API_KEY, model: quickModel() });
    provider = createTinyFishProvider({ baseUrl: usual.url, apiKey: API_KEY, mock: true });
  });
  afterAll(async () => {
    await provider.close();
    await Promise.all([usual.close(), own.close()]);
  });

  it('receives the runs of that automation, built as live runs', async () => {
    const config = { base_url: `${own.url}/` };
    const outcome = await provider.execute({
      inputs: { url: 'https://example.com', goal: 'Find the title' },
      config,
    });
    expect(outcome.status).toBe('completed');
    expect(requestsTo(own, 'POST /v1/automation/run-sse')).toHaveLength(1);
    expect(requestsTo(usual, 'POST /v1/automation/run-sse')).toHaveLength(0);

    const reconciled = await provider.reconcile(outcome.upstream_run_id!, { config });
    expect(reconciled.state).toBe('terminal');
    expect(await provider.reconcile(outcome.upstream_run_id!)).toMatchObject({ state: 'not_found' });
  });

  it('sends nothing of the mock behaviour there, and requires url and goal', async () => {
    const outcome = await provider.execute({
      inputs: { prompt: 'only a prompt' },
      config: { base_url: own.url },
    });
    expect(outcome.error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'url' } });
  });

  it('leaves runs without one on the provider base URL', async () => {
    const outcome = await provider.execute({ inputs: { prompt: 'hello', mock: quickModel() }, config: {} });
    expect(outcome.status).toBe('completed');
    expect(requestsTo(usual, 'POST /v1/automation/run-sse')).toHaveLength(1);
  });
});
