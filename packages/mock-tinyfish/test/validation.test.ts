import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { FAST_MODEL, framesJson, http, openSse, VALID_BODY } from './helpers.js';

type Json = Record<string, unknown>;
let strict: MockTinyFish;
let lenient: MockTinyFish;
beforeAll(async () => {
  strict = await startMockTinyFish({ seed: 1, strict: true, model: FAST_MODEL });
  lenient = await startMockTinyFish({ seed: 1, model: FAST_MODEL });
});
afterAll(async () => {
  await strict.close();
  await lenient.close();
});

async function errorOf(
  mock: MockTinyFish,
  body: unknown,
  path = '/v1/automation/run-sse',
): Promise<{ status: number; error: Json }> {
  const res = await http(mock.url, 'POST', path, { body });
  return { status: res.status, error: (res.json as { error: Json }).error };
}

describe('strict mode validates like the real API', () => {
  it('names a missing url in the INVALID_INPUT envelope with Zod-style details', async () => {
    const { status, error } = await errorOf(strict, { goal: 'x' });
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'INVALID_INPUT',
      message: 'Field "url": Invalid input: expected string, received undefined',
      details: [
        {
          code: 'invalid_type',
          expected: 'string',
          path: ['url'],
          message: 'Invalid input: expected string, received undefined',
        },
      ],
    });
  });

  it.each([
    [{ url: 'example.com', goal: 'x' }, 'url'],
    [{ url: 'https://example.com' }, 'goal'],
    [{ url: 'https://example.com', goal: '' }, 'goal'],
    [{ ...VALID_BODY, browser_profile: 'turbo' }, 'browser_profile'],
    [{ ...VALID_BODY, proxy_config: { country_code: 'US' } }, 'proxy_config.enabled'],
    [{ ...VALID_BODY, proxy_config: { enabled: true, country_code: 'XX' } }, 'proxy_config.country_code'],
    [{ ...VALID_BODY, agent_config: { max_steps: 501 } }, 'agent_config.max_steps'],
    [{ ...VALID_BODY, webhook_url: 'http://insecure.example.com' }, 'webhook_url'],
    [{ ...VALID_BODY, output_schema: 'a string' }, 'output_schema'],
    [{ ...VALID_BODY, credential_item_ids: ['a'] }, 'credential_item_ids'],
    [{ ...VALID_BODY, mock: { stpes: 3 } }, 'mock'],
    [{ ...VALID_BODY, mock: { step_delay_ms: { dist: 'gamma' } } }, 'mock.step_delay_ms.dist'],
    [{ ...VALID_BODY, mock: { fault: 'explode' } }, 'mock.fault'],
  ])('rejects %j naming "%s"', async (body, field) => {
    for (const path of ['/v1/automation/run-sse', '/v1/automation/run', '/v1/automation/run-async']) {
      const { status, error } = await errorOf(strict, body, path);
      expect(status).toBe(400);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(new RegExp(`^Field "${field.replace(/\./g, '\\.')}": `));
    }
  });

  it('accepts the documented optional fields', async () => {
    const body = {
      ...VALID_BODY,
      browser_profile: 'stealth',
      proxy_config: { enabled: true, type: 'tetra', country_code: 'GB' },
      agent_config: { mode: 'default', max_steps: 50 },
      capture_config: { screenshots: true, recording: false },
      webhook_url: 'https://hooks.example.com/tf',
      output_schema: true,
      use_vault: true,
      credential_item_ids: ['item-1'],
      api_integration: 'tfbench',
    };
    const res = await http(strict.url, 'POST', '/v1/automation/run', { body });
    expect(res.status).toBe(200);
    expect((res.json as Json).schema_validation).toEqual({ valid: true, re_prompt_attempts: 0, errors: [] });
  });

  it('rejects a body that is not an object', async () => {
    const { status, error } = await errorOf(strict, [1, 2]);
    expect(status).toBe(400);
    expect(error.code).toBe('INVALID_INPUT');
  });
});

describe('lenient mode (the product mock mode)', () => {
  it('accepts {prompt, model, max_tokens} without url and uses prompt as the goal', async () => {
    const events = framesJson(
      await openSse(lenient.url, { prompt: 'Summarise the news', model: 'gpt-x', max_tokens: 50 }).done,
    );
    expect(events.at(-1)).toMatchObject({ type: 'COMPLETE', status: 'COMPLETED' });
    const run = (await http(lenient.url, 'GET', `/v1/runs/${events[0]!.run_id}`)).json as Json;
    expect(run.goal).toBe('Summarise the news');
  });

  it('uses a default goal for an empty body object and still validates the mock object', async () => {
    const ok = await http(lenient.url, 'POST', '/v1/automation/run', { body: {} });
    expect(ok.status).toBe(200);
    const bad = await errorOf(lenient, { mock: { steps: 'many' } });
    expect(bad.status).toBe(400);
    expect(bad.error.message).toMatch(/^Field "mock\.steps": /);
  });

  it('prefers goal over prompt', async () => {
    const res = await http(lenient.url, 'POST', '/v1/automation/run-async', {
      body: { goal: 'G', prompt: 'P' },
    });
    const id = (res.json as Json).run_id as string;
    expect(((await http(lenient.url, 'GET', `/v1/runs/${id}`)).json as Json).goal).toBe('G');
  });
});

describe('API key', () => {
  it('answers 401 MISSING_API_KEY / INVALID_API_KEY, and keeps runs of one key invisible to another', async () => {
    const mock = await startMockTinyFish({ seed: 1, apiKey: ['key-a', 'key-b'], model: FAST_MODEL });
    try {
      const missing = await http(mock.url, 'POST', '/v1/automation/run-async', { body: VALID_BODY });
      expect(missing.status).toBe(401);
      expect(missing.json).toEqual({
        error: { code: 'MISSING_API_KEY', message: 'X-API-Key header is required' },
      });
      const wrong = await http(mock.url, 'GET', '/v1/runs', { headers: { 'X-API-Key': 'key-c' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({
        error: { code: 'INVALID_API_KEY', message: 'Invalid or expired API key' },
      });
      expect(wrong.body).not.toContain('key-');

      const created = await http(mock.url, 'POST', '/v1/automation/run-async', {
        body: VALID_BODY,
        headers: { 'X-API-Key': 'key-a' },
      });
      const id = (created.json as Json).run_id as string;
      expect(
        (await http(mock.url, 'GET', `/v1/runs/${id}`, { headers: { 'X-API-Key': 'key-a' } })).status,
      ).toBe(200);
      expect(
        (await http(mock.url, 'GET', `/v1/runs/${id}`, { headers: { 'X-API-Key': 'key-b' } })).status,
      ).toBe(404);
      expect(
        (await http(mock.url, 'POST', `/v1/runs/${id}/cancel`, { headers: { 'X-API-Key': 'key-b' } })).status,
      ).toBe(404);
      const listB = (await http(mock.url, 'GET', '/v1/runs', { headers: { 'X-API-Key': 'key-b' } })).json as {
        data: unknown[];
      };
      expect(listB.data).toHaveLength(0);
      // The mock's own endpoints need no key.
      expect((await http(mock.url, 'GET', `/__mock/runs/${id}/ground-truth`)).status).toBe(200);
      // 401 comes before body validation, and no run is created.
      expect((await http(mock.url, 'POST', '/v1/automation/run-sse', { rawBody: 'not json' })).status).toBe(
        401,
      );
    } finally {
      await mock.close();
    }
  });
});
