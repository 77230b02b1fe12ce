/**
 * followEvents against a loopback server: it says it is connected only once the server has
 * answered (the server subscribes before answering, so nothing published later is missed),
 * and only for the first connection, not again after a reconnect.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../src/api-client.js';
import { followEvents, type StreamEvent } from '../src/event-stream.js';

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A server whose /events answers after `delayMs`, sends one event, and closes the stream. */
async function delayedEvents(delayMs: number): Promise<{ url: string; answered: () => number }> {
  let answered = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((_request, response) => {
    open.add(response);
    setTimeout(() => {
      answered += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`id: ${answered}\nevent: run.status\ndata: {"n":${answered}}\n\n`);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(
    () =>
      new Promise((resolve) => {
        for (const response of open) response.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, answered: () => answered };
}

describe('followEvents', () => {
  it('reports the connection once the server has answered, and only the first time', async () => {
    const { url, answered } = await delayedEvents(300);
    const client = new ApiClient({ baseUrl: url });
    const stop = new AbortController();
    const connectedWhenAnswered: number[] = [];
    const events: StreamEvent[] = [];
    const following = followEvents(client, {
      query: new URLSearchParams({ kinds: 'run.status' }),
      signal: stop.signal,
      retryMs: 10,
      onConnected: () => connectedWhenAnswered.push(answered()),
      onReconnect: () => {},
      onEvent: (event) => {
        events.push(event);
        if (events.length === 2) stop.abort();
      },
    });
    await following;
    expect(connectedWhenAnswered).toEqual([1]);
    expect(events.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
