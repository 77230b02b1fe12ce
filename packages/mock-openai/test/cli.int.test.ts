import { fileURLToPath } from 'node:url';
import { mockCli, sigtermDuring } from '@tfbench/mock-tinyfish/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { CHAT, http, openSse, parseFrames } from './helpers.js';

const cli = mockCli(fileURLToPath(new URL('../src/main.ts', import.meta.url)));
afterEach(() => cli.killAll());

describe('CLI arguments', () => {
  it('reads flags over environment variables, and rejects bad ones', () => {
    const req = parseCliArgs(['--port', '0', '--models=a,b', '--behaviour', '{"load":null}'], {
      MOCK_OPENAI_SEED: '4',
      MOCK_OPENAI_PORT: '9999',
      MOCK_OPENAI_API_KEY: 'sk-env',
    });
    expect(req.options).toEqual({
      host: '127.0.0.1',
      port: 0,
      seed: 4,
      apiKey: 'sk-env',
      models: ['a', 'b'],
      behaviour: { load: null },
    });
    expect(req.graceMs).toBe(5000);
    expect(() => parseCliArgs(['--port', 'x'], {})).toThrow('--port must be an integer');
    expect(() => parseCliArgs(['--nope'], {})).toThrow('Unknown option --nope');
    expect(() => parseCliArgs(['--behaviour', '{'], {})).toThrow('--behaviour must be a JSON object');
  });
});

describe('CLI (its own process)', () => {
  it('serves the API with the flags given and shuts down gracefully on SIGTERM', async () => {
    const {
      url: baseURL,
      proc,
      output,
    } = await cli.start(
      ['--port', '0', '--seed', '5', '--grace-ms', '300', '--behaviour', '{"ttft_ms":5,"tokens_per_s":500}'],
      { ...process.env, MOCK_OPENAI_API_KEY: 'sk-cli' },
    );
    expect(output()).toContain('(seed 5, API key required)');
    expect(output()).not.toContain('sk-cli');
    const origin = baseURL.replace(/\/v1$/, '');
    const auth = { Authorization: 'Bearer sk-cli' };
    expect((await http(origin, 'GET', '/v1/models', { headers: auth })).status).toBe(200);
    const capture = await openSse(
      origin,
      '/v1/chat/completions',
      { ...CHAT, stream: true, max_tokens: 3 },
      { headers: auth },
    ).done;
    expect(parseFrames(capture).done).toBe(true);

    // A stream still open at SIGTERM gets the grace period, then the process exits 0.
    const open = openSse(
      origin,
      '/v1/chat/completions',
      { ...CHAT, stream: true },
      {
        headers: { ...auth, 'x-mock-fault': 'hang' },
      },
    );
    expect(await sigtermDuring(proc, open)).toEqual({ code: 0, ending: 'error' });
    expect(output()).toContain('SIGTERM, closing');
  }, 30_000);
});
