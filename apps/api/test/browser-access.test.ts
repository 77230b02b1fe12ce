/**
 * Host, X-Forwarded-Host and Origin checks (the defence of a local install against DNS
 * rebinding and other sites' pages), CORS closed by default and open to the listed origins,
 * and client addresses taken from X-Forwarded-For only behind a trusted proxy.
 */
import { loadConfig } from '@tfbench/core/config';
import { type DatabaseHandle, IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope } from './helpers.js';

let db: DatabaseHandle;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE });
  await migrate(db);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await db?.close();
});

async function appWith(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ TINYFISH_MOCK_MODE: 'true', LOG_LEVEL: 'silent', TFBENCH_AUTH: 'off', ...env });
  const app = await buildApp({ config, db, logger: false });
  apps.push(app);
  return app;
}

const get = (app: FastifyInstance, headers: Record<string, string>, url = '/api/v1/automations') =>
  app.inject({ method: 'GET', url, headers });

describe('host and origin checks', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({
      TFBENCH_PUBLIC_URL: 'https://bench.example.com',
      TFBENCH_ALLOWED_HOSTS: 'api.example.net,.internal.example.org',
    });
  });

  it.each([
    ['loopback names', ['localhost:8000', 'LOCALHOST', 'app.localhost:3000']],
    ['IP literals', ['127.0.0.1:8000', '[::1]:8000', '10.0.0.7:8000']],
    ['service names', ['api:8000', 'benchmarking-api-x1y2:10000']],
    ['the configured hosts', ['bench.example.com', 'api.example.net:443', 'deep.internal.example.org']],
  ])('answers %s', async (_kind, hosts) => {
    for (const host of hosts) expect((await get(app, { host })).statusCode, host).toBe(200);
  });

  it.each([
    ['host', 'rebound.attacker.example:8000'],
    ['host', 'bench.example.com.attacker.example'],
    ['host', 'internal.example.org.evil'],
    ['x-forwarded-host', 'rebound.attacker.example:3000'],
  ] as const)(
    "refuses any other host, in Host or in the proxy's X-Forwarded-Host, with 403 naming the header: %s %s",
    async (header, value) => {
      const response = await get(app, { [header]: value });
      expect(response.statusCode).toBe(403);
      const error = expectErrorEnvelope(response);
      expect(error.code).toBe('HOST_NOT_ALLOWED');
      expect(error.details).toEqual([expect.objectContaining({ field: `headers.${header}` })]);
    },
  );

  it("passes on the browser's host from the dashboard's proxy on loopback", async () => {
    expect((await get(app, { 'x-forwarded-host': 'localhost:3000' })).statusCode).toBe(200);
  });

  it.each(['https://attacker.example', 'null', 'http://bench.example.com.attacker.example'])(
    'refuses page origins it does not serve, including "null": %s',
    async (origin) => {
      const response = await get(app, { origin });
      expect(response.statusCode).toBe(403);
      expect(expectErrorEnvelope(response).code).toBe('ORIGIN_NOT_ALLOWED');
    },
  );

  it.each(['http://localhost:3000', 'https://bench.example.com', 'http://127.0.0.1:8000'])(
    'answers the page origins it serves: %s',
    async (origin) => {
      expect((await get(app, { origin })).statusCode).toBe(200);
    },
  );

  it('exempts /health, which probes call by any name', async () => {
    expect((await get(app, { host: 'probe.cloud.example' }, '/health')).statusCode).toBe(200);
  });

  it('sends no CORS headers while TFBENCH_CORS_ORIGINS is unset', async () => {
    const response = await get(app, { origin: 'http://localhost:3000' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/automations',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS with TFBENCH_CORS_ORIGINS', () => {
  it('lets the listed origins call the API with credentials, and no others', async () => {
    const app = await appWith({ TFBENCH_CORS_ORIGINS: 'https://tools.example.com' });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/automations',
      headers: {
        origin: 'https://tools.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://tools.example.com');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const response = await get(app, { origin: 'https://tools.example.com' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('https://tools.example.com');
    expect((await get(app, { origin: 'https://other.example.com' })).statusCode).toBe(403);
  });
});

describe('client addresses behind a proxy', () => {
  const fromProxy = (app: FastifyInstance, client: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/automations',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': client },
    });

  it('ignores X-Forwarded-For by default: a client cannot pick its own rate-limit bucket', async () => {
    const app = await appWith({ TFBENCH_RATE_LIMIT_PER_MIN: '2' });
    expect((await fromProxy(app, '203.0.113.1')).statusCode).toBe(200);
    expect((await fromProxy(app, '203.0.113.2')).statusCode).toBe(200);
    expect((await fromProxy(app, '203.0.113.3')).statusCode).toBe(429);
  });

  it('counts each forwarded client on its own with TFBENCH_TRUST_PROXY', async () => {
    const app = await appWith({ TFBENCH_RATE_LIMIT_PER_MIN: '2', TFBENCH_TRUST_PROXY: 'loopback' });
    expect((await fromProxy(app, '203.0.113.1')).statusCode).toBe(200);
    expect((await fromProxy(app, '203.0.113.1')).statusCode).toBe(200);
    expect((await fromProxy(app, '203.0.113.1')).statusCode).toBe(429);
    expect((await fromProxy(app, '203.0.113.2')).statusCode).toBe(200);
  });
});
