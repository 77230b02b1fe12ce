/**
 * The mock OpenAI-compatible server of mock mode: what OpenAI-compatible automations run
 * against when no real endpoint should be called, so a trial of tfbench shows token metrics
 * at once and the same code path (HTTP, SSE parsing, timing) as live runs.
 */
import { type MockOpenAIBehaviourInput, startMockOpenAI } from '@tfbench/mock-openai';
import type { InProcessMockOpenAI, StartMockOpenAI } from './openai-provider.js';

/**
 * Product-like, not benchmark-like: a hosted model's TTFT of a few hundred ms, 40-80 tokens/s
 * per stream and answers of 50-200 tokens (fewer when the inputs set max_tokens), so a run
 * takes a few seconds and the dashboard's token charts have spread to show.
 */
export const MOCK_OPENAI_MODE_MODEL: MockOpenAIBehaviourInput = {
  ttft_ms: { dist: 'uniform', min: 150, max: 400 },
  tokens_per_s: { dist: 'uniform', min: 40, max: 80 },
  output_tokens: { dist: 'uniform', min: 50, max: 200 },
};

/** Seeded, so a fresh system replays the same token streams. */
export const MOCK_OPENAI_MODE_SEED = 1;

/** Starts the mock on a free loopback port, accepting any API key (or none). */
export const startMockModeOpenAI: StartMockOpenAI = async (): Promise<InProcessMockOpenAI> => {
  const mock = await startMockOpenAI({
    host: '127.0.0.1',
    port: 0,
    seed: MOCK_OPENAI_MODE_SEED,
    behaviour: MOCK_OPENAI_MODE_MODEL,
  });
  return { baseUrl: mock.baseURL, close: () => mock.close({ graceMs: 0 }) };
};
