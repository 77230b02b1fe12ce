/**
 * Faults the mock does not model, each on a tiny purpose-built server: a TLS handshake that
 * never completes, a request that never gets headers, an upstream that echoes the API key,
 * and counting that live-mode input errors send nothing.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { lingeringCount } from '@tfbench/provider-kit/http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTinyFishProvider, type TinyFishLogger } from '../src/index.js';
import { API_KEY, collector } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** An HTTP server whose handler is `handle`; closed (connections too) after the test. */
async function httpServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<string> {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => handle(req, res, body));
  });
  const port = await listen(server);
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${port}`;
}

function provider(
  baseUrl: string,
  extra: Parameters<typeof createTinyFishProvider>[0] extends infer O ? Partial<O> : never = {},
) {
  const p = createTinyFishProvider({ baseUrl, apiKey: API_KEY, mock: true, ...extra });
  closers.push(() => p.close());
  return p;
}

const inputs = { url: 'https://example.com', goal: 'g' };

describe('timeouts before any response', () => {
  it('CONNECT_TIMEOUT when the TLS handshake never completes', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket)); // accepts TCP, never speaks TLS
    const port = await listen(silent);
    closers.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const outcome = await provider(`https://127.0.0.1:${port}`).execute({
      inputs,
      settings: { connect_timeout_ms: 150 },
    });
    expect(outcome).toMatchObject({
      status: 'timeout',
      error: { code: 'CONNECT_TIMEOUT' },
      upstream_cancel: null,
    });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.attempts[0]?.error_code).toBe('CONNECT_TIMEOUT');
    expect(outcome.metrics.total_duration_ms).toBeGreaterThanOrEqual(150);
  });

  it('HEADERS_TIMEOUT when the server never answers', async () => {
    let received = 0;
    const url = await httpServer(() => {
      received++; // and never respond
    });
    const outcome = await provider(url).execute({ inputs, settings: { headers_timeout_ms: 150 } });
    expect(outcome).toMatchObject({ status: 'timeout', error: { code: 'HEADERS_TIMEOUT' } });
    expect(received).toBe(1);
    expect(outcome.metrics.time_to_headers_ms).toBeNull();
  });
});

describe('live mode input checks', () => {
  it('fails with INVALID_INPUT naming the field, before any request', async () => {
    let received = 0;
    const url = await httpServer((_req, res) => {
      received++;
      res.end();
    });
    const live = createTinyFishProvider({ baseUrl: url, apiKey: API_KEY, mock: false });
    closers.push(() => live.close());
    const c = collector();
    const noUrl = await live.execute({ inputs: { goal: 'g', mock: { steps: 1 } }, onEvent: c.onEvent });
    expect(noUrl).toMatchObject({
      status: 'failed',
      error: { code: 'INVALID_INPUT', details: { field: 'url' } },
      attempts: [],
      event_count: 0,
    });
    expect(noUrl.error?.message).toContain('inputs.url');
    expect(noUrl.metrics.total_duration_ms).toBe(0);
    const noGoal = await live.execute({ inputs: { url: 'https://example.com', model: 'x' } });
    expect(noGoal.error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'goal' } });
    expect(received).toBe(0);
    expect(c.events).toEqual([]);
  });

  it('fails with INVALID_SETTINGS for an unknown mode or a bad setting, before any request', async () => {
    const p = provider('http://127.0.0.1:9');
    expect(await p.execute({ inputs, settings: { mode: 'websocket' } })).toMatchObject({
      status: 'failed',
      error: { code: 'INVALID_SETTINGS' },
      attempts: [],
    });
    expect(await p.execute({ inputs, settings: { timeout_s: -1 } })).toMatchObject({
      status: 'failed',
      error: { code: 'INVALID_SETTINGS' },
    });
  });

  it('sends only the documented fields, prompt as goal, and mock only to the mock', async () => {
    const bodies: unknown[] = [];
    const url = await httpServer((_req, res, body) => {
      bodies.push(JSON.parse(body));
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INVALID_INPUT', message: 'stop here' } }));
    });
    const run = { url: 'https://example.com', prompt: 'p', model: 'm', max_tokens: 3, mock: { steps: 1 } };
    await provider(url, { mock: false }).execute({ inputs: run });
    await provider(url, { mock: true }).execute({ inputs: run });
    expect(bodies).toEqual([
      { url: 'https://example.com', goal: 'p' },
      { url: 'https://example.com', goal: 'p', mock: { steps: 1 } },
    ]);
  });
});

describe('the API key never leaks', () => {
  it('is redacted from events, errors, results and logs even when the upstream echoes it', async () => {
    let seenKey: string | undefined;
    const url = await httpServer((req, res) => {
      seenKey = req.headers['x-api-key'] as string;
      if (req.url?.endsWith('/run-sse')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: {"type":"STARTED","run_id":"r1","note":"key ${seenKey}"}\n\n`);
        res.write(`data: {"type":"PROGRESS","run_id":"r1","purpose":"typing ${seenKey}"}\n\n`);
        res.write(`data: {broken ${seenKey}\n\n`);
        res.end(
          `data: {"type":"COMPLETE","run_id":"r1","status":"FAILED","error":{"message":"bad key ${seenKey}"},"result":{"k":"${seenKey}"}}\n\n`,
        );
      } else if (req.url?.endsWith('/run')) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ error: { code: 'RATE_LIMIT_EXCEEDED', message: `slow down ${seenKey}` } }));
      } else {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'INVALID_API_KEY', message: `Invalid key ${seenKey}` } }));
      }
    });
    const logs: unknown[] = [];
    const logger: TinyFishLogger = {
      debug: (fields, message) => logs.push({ fields, message }),
      warn: (fields, message) => logs.push({ fields, message }),
    };
    const p = provider(url, { logger });
    const c = collector();
    const streamed = await p.execute({ inputs, onEvent: c.onEvent });
    const sync = await p.execute({
      inputs,
      settings: { mode: 'sync', retry: { max_attempts: 2, base_delay_ms: 1 } },
    });
    const asyncRun = await p.execute({ inputs, settings: { mode: 'async' } });
    const cancel = await p.cancel('r1');
    expect(seenKey).toBe(API_KEY);
    expect(streamed.error?.upstream_message).toBe('bad key ***');
    expect(sync.error?.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(asyncRun.error?.code).toBe('INVALID_API_KEY');
    expect(logs.length).toBeGreaterThan(0);
    const everything = JSON.stringify({ streamed, sync, asyncRun, cancel, events: c.events, logs });
    expect(everything).toContain('***');
    expect(everything).not.toContain(API_KEY);
  });
});

describe('the end of a stream', () => {
  it('closes a stream that lingers after COMPLETE once its grace period is over', async () => {
    let completeWrittenAt = 0;
    let closedAt = 0;
    const url = await httpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"type":"STARTED","run_id":"r1"}\n\n');
      res.write('data: {"type":"COMPLETE","run_id":"r1","status":"COMPLETED","result":{}}\n\n');
      completeWrittenAt = performance.now();
      // ...and never end the response.
      req.socket.on('close', () => {
        closedAt = performance.now();
      });
    });
    const outcome = await provider(url).execute({ inputs });
    expect(outcome.status).toBe('completed');
    expect(outcome.warnings).toEqual([]);
    const until = performance.now() + 10_000;
    while (closedAt === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    // Grace 2 s, checked every 0.5 s: never before the grace, and soon after it.
    expect(closedAt - completeWrittenAt).toBeGreaterThanOrEqual(1900);
    expect(closedAt - completeWrittenAt).toBeLessThan(8000);
    expect(lingeringCount()).toBe(0);
  });

  it('keeps a total budget longer than node’s longest timer (24.8 days) instead of ending at once', async () => {
    const url = await httpServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"type":"COMPLETE","run_id":"r1","status":"COMPLETED","result":{}}\n\n');
      }, 30);
    });
    const outcome = await provider(url).execute({ inputs, settings: { timeout_s: 3_000_000 } });
    expect(outcome).toMatchObject({ status: 'completed', error: null });
  });
});
