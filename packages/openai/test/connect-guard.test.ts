/**
 * A run whose upstream address the connect guard refuses fails with OUTBOUND_BLOCKED, saying
 * why, and the upstream (a real loopback server) receives nothing; allowed, the same run
 * completes. The guard is the caller's: here one that refuses loopback unless told not to.
 */
import type { LookupFunction } from 'node:net';
import { expect, it } from 'vitest';
import { createOpenAIProvider, type OpenAIClientOptions } from '../src/index.js';
import { chatChunk, DONE, useScriptedServer } from './scripted-server.js';

const scripted = useScriptedServer(() => ({
  steps: [{ at: 0, write: chatChunk({ content: 'hi' }) + DONE, end: true }],
}));
const requests = () => scripted.server().requests.length;
const port = () => new URL(scripted.server().baseUrl).port;

const refusedLoopback = (host: string) =>
  Object.assign(new Error(`${host} is a loopback address`), { code: 'OUTBOUND_BLOCKED' });

/** Names resolve to 127.0.0.1 (as `rebind.test` might at run time); loopback refused unless allowed. */
function guard(allowLoopback: boolean): NonNullable<OpenAIClientOptions['connectGuard']> {
  return (url) => {
    if (!allowLoopback && url.hostname === '127.0.0.1') throw refusedLoopback(url.hostname);
    const lookup: LookupFunction = (hostname, options, callback) => {
      if (!allowLoopback) callback(refusedLoopback(`${hostname} resolves to 127.0.0.1,`), '');
      else if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    return lookup;
  };
}

async function run(host: string, allowLoopback: boolean) {
  const provider = createOpenAIProvider({ connectGuard: guard(allowLoopback), eventLoopSampler: null });
  try {
    return await provider.execute({
      inputs: { model: 'm', prompt: 'p' },
      config: { base_url: `http://${host}:${port()}/v1` },
    });
  } finally {
    await provider.close();
  }
}

it('fails a run to a refused literal address without sending it, and runs it when allowed', async () => {
  const before = requests();
  const refused = await run('127.0.0.1', false);
  expect(refused.status).toBe('failed');
  expect(refused.error?.code).toBe('OUTBOUND_BLOCKED');
  expect(refused.error?.message).toContain('upstream address refused');
  expect(refused.error?.message).toContain('127.0.0.1 is a loopback address');
  expect(refused.attempts).toHaveLength(1);
  expect(requests()).toBe(before);

  const allowed = await run('127.0.0.1', true);
  expect(allowed.status).toBe('completed');
  expect(requests()).toBe(before + 1);
});

it('fails a run to a name that resolves to a refused address (DNS rebinding)', async () => {
  const before = requests();
  const refused = await run('rebind.test', false);
  expect(refused.status).toBe('failed');
  expect(refused.error).toMatchObject({ code: 'OUTBOUND_BLOCKED' });
  expect(refused.error?.message).toContain('rebind.test resolves to 127.0.0.1');
  expect(requests()).toBe(before);
  expect((await run('rebind.test', true)).status).toBe('completed');
  expect(requests()).toBe(before + 1);
});
