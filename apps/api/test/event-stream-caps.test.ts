/**
 * Live-event streams are capped per client (credential, or address without one) and in all:
 * over the client's cap 429 TOO_MANY_STREAMS, over the server's 503 STREAMS_FULL, both in the
 * envelope; a closed stream gives its slot back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, type LiveApi, openSse, type SseClient, startLiveApi } from './engine-helpers.js';
import { eventually } from './helpers.js';

describe('live-event stream caps', () => {
  let api: LiveApi;
  let drop: () => Promise<void>;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    const database = await databaseEnv('pglite');
    drop = database.drop;
    api = await startLiveApi({
      ...database.env,
      TFBENCH_EVENT_STREAMS_PER_CLIENT: '2',
      TFBENCH_EVENT_STREAMS_MAX: '3',
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await api?.close();
    await drop?.();
  });

  const open = async (key: string) => {
    const client = await openSse(`${api.base}/api/v1/events`, { 'x-api-key': key });
    clients.push(client);
    return client;
  };
  const refused = async (key: string) => {
    const response = await fetch(`${api.base}/api/v1/events`, { headers: { 'x-api-key': key } });
    return { status: response.status, body: (await response.json()) as { error: { code: string } } };
  };

  it('refuses a client past its cap with 429, and everyone past the total with 503', async () => {
    const first = await open('tfb_alice');
    expect(first.status).toBe(200);
    expect((await open('tfb_alice')).status).toBe(200);
    const third = await refused('tfb_alice');
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'TOO_MANY_STREAMS', details: { limit: 2 } });

    expect((await open('tfb_bob')).status).toBe(200);
    const full = await refused('tfb_carol');
    expect(full.status).toBe(503);
    expect(full.body.error).toMatchObject({ code: 'STREAMS_FULL', details: { limit: 3 } });

    // Closing a stream gives its slot back (once the server has seen the close).
    first.close();
    const again = await eventually(async () => {
      const client = await openSse(`${api.base}/api/v1/events`, { 'x-api-key': 'tfb_alice' });
      clients.push(client);
      if (client.status === 200) return client;
      client.close();
      return undefined;
    }, 'a slot freed by the closed stream');
    expect(again.status).toBe(200);
  });
});
