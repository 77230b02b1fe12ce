/**
 * Requests Node's HTTP parser refuses before any route runs — headers too large, a request sent
 * too slowly, bytes that are not HTTP — over a real socket (inject() bypasses the parser): each
 * answers in the error envelope, on time, and stores nothing.
 */
import { connect } from 'node:net';
import { describeEachDatabase } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, REQUEST_TIMEOUT_MS } from '../src/index.js';
import { storedFingerprint, testConfig } from './helpers.js';

/** The deadline of the test server: short, so the slow-client cases take seconds. */
const SHORT_TIMEOUT_MS = 1_500;

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** ms from the first byte sent to the socket's close. */
  elapsedMs: number;
}

/**
 * Opens a socket, writes `head`, then each of `trickle` every `everyMs` (until the server closes
 * the socket), and resolves with what came back once the server closes it.
 */
function rawRequest(port: number, head: string, trickle: string[] = [], everyMs = 200): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      started = performance.now();
      socket.write(head);
      const next = [...trickle];
      timer = setInterval(() => {
        const chunk = next.shift();
        if (chunk !== undefined && socket.writable) socket.write(chunk);
      }, everyMs);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers = '', body = ''] = text.split('\r\n\r\n', 2);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? Number.NaN);
      if (Number.isNaN(status)) reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      else resolve({ status, headers, body, elapsedMs: performance.now() - started });
    });
  });
}

function envelopeOf(answer: RawAnswer): { code: string; message: string; details: unknown } {
  expect(answer.headers).toMatch(/content-type: application\/json/i);
  const parsed = JSON.parse(answer.body) as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'details', 'message']);
  return parsed.error;
}

describeEachDatabase('client errors over a real socket', (getDb) => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    app = await buildApp({
      config: testConfig,
      db: getDb(),
      logger: false,
      limits: { requestTimeoutMs: SHORT_TIMEOUT_MS },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    port = address.port;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 431 in the envelope when the headers are too large', async () => {
    const answer = await rawRequest(
      port,
      `GET /api/v1/automations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    const error = envelopeOf(answer);
    expect(error.code).toBe('HEADERS_TOO_LARGE');
    expect(error.details).toEqual([{ field: 'headers', message: expect.stringMatching(/at most/) }]);
  });

  it('answers 400 in the envelope for bytes that are not HTTP', async () => {
    const answer = await rawRequest(port, 'HELLO THERE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(envelopeOf(answer).code).toBe('BAD_REQUEST');
  });

  it('answers 408 in the envelope to a body that trickles in, at the deadline, storing nothing', async () => {
    const before = await storedFingerprint(getDb());
    const body = JSON.stringify({ name: 'slow automation', tinyfish_automation_id: 'auto_slow' });
    const answer = await rawRequest(
      port,
      `POST /api/v1/automations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      // One byte every 200 ms: the socket is never idle, the request is never complete in time.
      [...body],
    );
    expect(answer.status).toBe(408);
    expect(envelopeOf(answer).code).toBe('REQUEST_TIMEOUT');
    // Held until the deadline, and released within the 1 s check interval after it (with a
    // margin for a busy machine) — not the ~90 s Node's defaults allowed.
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 50);
    expect(answer.elapsedMs).toBeLessThan(SHORT_TIMEOUT_MS + 2_500);
    expect(await storedFingerprint(getDb())).toEqual(before);
  });

  it('answers 408 to headers that trickle in, at the same deadline', async () => {
    const answer = await rawRequest(port, 'GET /api/v1/automations HTTP/1.1\r\n', [
      ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`),
    ]);
    expect(answer.status).toBe(408);
    expect(envelopeOf(answer).code).toBe('REQUEST_TIMEOUT');
    expect(answer.elapsedMs).toBeLessThan(SHORT_TIMEOUT_MS + 2_500);
  });
});

describeEachDatabase('request deadline defaults', (getDb) => {
  it('gives a request 30 s in all, headers included, checked every second', async () => {
    const app = await buildApp({ config: testConfig, db: getDb(), logger: false });
    try {
      expect(REQUEST_TIMEOUT_MS).toBe(30_000);
      expect(app.server.requestTimeout).toBe(30_000);
      expect(app.server.headersTimeout).toBe(30_000);
      expect(
        (app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval,
      ).toBe(1_000);
    } finally {
      await app.close();
    }
  });
});
