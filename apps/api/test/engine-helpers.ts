import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '@tfbench/core/config';
import { createTestDatabaseUrl, TEST_REDIS_URL, type TestBackend } from '@tfbench/core/testing';
import { createRuntime, type Runtime } from '@tfbench/runtime';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../src/index.js';

/** A quick, deterministic mock run (per-request `mock` object in the inputs). */
export const FAST_MOCK = {
  started_delay_ms: 20,
  streaming_url_delay_ms: 10,
  steps: 3,
  step_delay_ms: 40,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

export interface LiveApi {
  runtime: Runtime;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

/** Where a test's database lives: a fresh PGlite folder or a fresh PostgreSQL database. */
export async function databaseEnv(
  backend: TestBackend,
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'tfbench-engine-'));
    return { env: { TFBENCH_DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabaseUrl();
  return { env: { DATABASE_URL: database.url }, drop: () => database.drop() };
}

/** The API as main.ts builds it, listening on an ephemeral port. */
export async function startLiveApi(
  env: Record<string, string>,
  options: { heartbeatMs?: number; role?: 'api' | 'all' } = {},
): Promise<LiveApi> {
  const config: Config = loadConfig({
    LOG_LEVEL: 'silent',
    TINYFISH_MOCK_MODE: 'true',
    // These suites poll every 50 ms from one address, 20 requests a second for as long as a
    // run takes: the general request limits are off unless a suite sets them (rate-limits.test.ts
    // tests them); the run-creating limit stays at its default.
    TFBENCH_RATE_LIMIT_PER_MIN: '0',
    TFBENCH_RATE_LIMIT_IP_PER_MIN: '0',
    TFBENCH_AUTH: 'off',
    ...env,
  });
  const runtime = await createRuntime(config, {
    role: options.role ?? 'all',
    logger: pino({ level: 'silent' }),
  });
  const app = await buildApp({
    config,
    db: runtime.db,
    engine: runtime.engine,
    logger: false,
    liveEvents: { heartbeatMs: options.heartbeatMs ?? 15_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    runtime,
    app,
    base: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}

/**
 * `startLiveApi` on a fresh database of `backend`, with `env` over the database's; `close`
 * also drops the database.
 */
export async function startFreshLiveApi(
  backend: TestBackend,
  env: Record<string, string> = {},
  options: { heartbeatMs?: number; role?: 'api' | 'all' } = {},
): Promise<LiveApi> {
  const database = await databaseEnv(backend);
  const api = await startLiveApi({ ...database.env, ...env }, options);
  return {
    ...api,
    close: async () => {
      await api.close();
      await database.drop();
    },
  };
}

/** A decoded JSON response body. */
export type Json = Record<string, unknown>;

export async function postJson(
  base: string,
  url: string,
  body: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

export async function getJson(base: string, url: string): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${base}${url}`);
  return { status: response.status, json: (await response.json()) as Json };
}

/** One parsed SSE message. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** An open SSE response read incrementally, as a browser would. */
export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  messages: SseMessage[];
  /** Comment lines (without the colon), e.g. "ping". */
  comments: string[];
  /** When each comment arrived (ms, performance.now()). */
  commentTimes: number[];
  /** Resolves when a message matching `predicate` has arrived. */
  waitFor(predicate: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const client: SseClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        messages: [],
        comments: [],
        commentTimes: [],
        waitFor: (predicate, timeoutMs = 10_000) =>
          new Promise((done, fail) => {
            const deadline = Date.now() + timeoutMs;
            const check = () => {
              const found = client.messages.find(predicate);
              if (found) return done(found);
              if (Date.now() > deadline) {
                return fail(
                  new Error(`no matching SSE message within ${timeoutMs} ms; got ${client.messages.length}`),
                );
              }
              setTimeout(check, 10);
            };
            check();
          }),
        close: () => request.destroy(),
      };
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { id: undefined, event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              client.comments.push(line.slice(1).trim());
              client.commentTimes.push(performance.now());
            } else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              message.data = line.slice(6);
              hasData = true;
            }
          }
          if (hasData) client.messages.push(message);
          end = buffer.indexOf('\n\n');
        }
      });
      response.on('error', () => {});
      resolve(client);
    });
    request.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy to Redis that the test can cut and restore: an outage as the API and workers
 * see it (connections drop, reconnects are refused), without touching the shared server.
 */
export async function startRedisProxy(): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}> {
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(client);
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    port = address.port;
  };
  const cut = async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}
