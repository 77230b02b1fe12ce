/**
 * The registry's OpenAI-compatible factory: in mock mode with a mock starter, every run goes
 * to the mock's base URL whatever its automation names, and the mock closes with the process;
 * without a starter (this build), mock mode leaves runs on their automation's base URL.
 */
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { openAIProviderFactory } from '../src/openai-provider.js';
import { ResourceScope } from '../src/resource-scope.js';
import { startTinyStream, testConfig } from './helpers.js';

const logger = pino({ level: 'silent' });
const scopes: ResourceScope[] = [];
afterEach(async () => {
  for (const scope of scopes.splice(0)) await scope.close();
});

function context(mockMode: boolean) {
  const scope = new ResourceScope(logger);
  scopes.push(scope);
  return { config: testConfig(), scope, logger, mockMode, maxSockets: 8 };
}

it('in mock mode sends every run to the started mock, and closes it with the scope', async () => {
  const mock = await startTinyStream();
  const ctx = context(true);
  const opened = await openAIProviderFactory(async () => mock)(ctx);
  expect(opened.mock?.baseUrl).toBe(mock.baseUrl);
  const outcome = await opened.provider.execute({
    inputs: { model: 'm', prompt: 'p' },
    // Nothing listens here: the run must not go to it.
    config: { base_url: 'http://127.0.0.1:9/v1' },
  });
  expect(outcome.status).toBe('completed');
  expect(mock.requests()).toBe(1);
  await ctx.scope.close();
  expect(mock.closed()).toBe(true);
});

it('without a mock starter, mock mode leaves runs on their automation’s base URL', async () => {
  const upstream = await startTinyStream();
  const opened = await openAIProviderFactory(null)(context(true));
  expect(opened.mock).toBeUndefined();
  const outcome = await opened.provider.execute({
    inputs: { model: 'm', prompt: 'p' },
    config: { base_url: upstream.baseUrl },
  });
  expect(outcome.status).toBe('completed');
  expect(upstream.requests()).toBe(1);
  await upstream.close();
});
