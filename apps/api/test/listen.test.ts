/**
 * The API over a real socket: an in-process server on an ephemeral port driven with fetch,
 * and `main.ts` as its own process (config errors, migrations at start, graceful SIGTERM).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabaseUrl, describeEachDatabase, requirePostgres } from '@tfbench/core/testing';
import { type EntryProcess, killEntry, spawnEntry } from '@tfbench/testbed/entry-process';
import { freePort } from '@tfbench/testbed/processes';
import { afterEach, describe, expect, it } from 'vitest';
import { README_EXAMPLES, useListeningApp } from './helpers.js';

const MAIN = 'apps/api/src/main.ts';

describeEachDatabase('API over a real socket', (getDb) => {
  const { base } = useListeningApp(getDb);

  it('runs the README examples and lists the run', async () => {
    const post = (url: string, body: string) =>
      fetch(`${base()}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
    expect((await post('/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
    const run = await post('/api/v1/runs/trigger', README_EXAMPLES.trigger);
    expect(run.status).toBe(201);
    expect(run.headers.get('content-type')).toMatch(/^application\/json/);
    const list = await fetch(`${base()}/api/v1/runs`);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect(await list.json()).toMatchObject([{ id: 1, status: 'pending' }]);
  });

  it('refuses a 2 MiB body with 413 over the wire', async () => {
    const response = await fetch(`${base()}/api/v1/automations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves /health, /openapi.json and /docs', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const document = (await (await fetch(`${base()}/openapi.json`)).json()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\.1\./);
    const docs = await fetch(`${base()}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('main.ts as a process', () => {
  const running: EntryProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const started of running.splice(0)) await killEntry(started);
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('prints one line per invalid variable and exits 1', async () => {
    const started = spawnEntry(MAIN, { API_PORT: 'eighty', TINYFISH_MOCK_MODE: 'maybe' });
    running.push(started);
    expect((await started.exited).code).toBe(1);
    const lines = started.output().split('\n');
    expect(lines.some((l) => l.startsWith('API_PORT="eighty" is invalid'))).toBe(true);
    expect(lines.some((l) => l.startsWith('TINYFISH_MOCK_MODE="maybe" is invalid'))).toBe(true);
  });

  it('refuses to start with auth off on an address other machines reach, in one line', async () => {
    const started = spawnEntry(MAIN, { TFBENCH_AUTH: 'off', API_HOST: '0.0.0.0' });
    running.push(started);
    expect((await started.exited).code).toBe(1);
    expect(started.output().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^tfbench: refusing to start: TFBENCH_AUTH=off is refused: API_HOST=0\.0\.0\.0 is not a loopback address/,
      ),
    ]);
  });

  it('starts with auth off on loopback, with a warning', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-api-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const started = spawnEntry(MAIN, {
      TFBENCH_DATA_DIR: dataDir,
      TFBENCH_AUTH: 'off',
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    running.push(started);
    await started.waitForOutput('Health:');
    expect(started.output()).toContain('authentication is OFF');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/automations`)).status).toBe(200);
    started.child.kill('SIGTERM');
    expect((await started.exited).code).toBe(0);
  }, 90_000);

  async function startsMigratesServesAndStops(env: Record<string, string>, kind: string): Promise<void> {
    const port = await freePort();
    const key = `tfb_${'k'.repeat(40)}`;
    const started = spawnEntry(MAIN, {
      ...env,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      TFBENCH_BOOTSTRAP_API_KEY: key,
    });
    running.push(started);
    await started.waitForOutput('Health:');
    expect(started.output()).toContain(`http://127.0.0.1:${port}/docs`);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ status: 'ok' });
    const health = await fetch(`http://127.0.0.1:${port}/health`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: { kind, reachable: true },
      migrations: { current: true, pending: 0 },
      mode: 'mock',
    });
    started.child.kill('SIGTERM');
    expect((await started.exited).code).toBe(0);
  }

  it('on PGlite: applies migrations at start, serves, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-api-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await startsMigratesServesAndStops({ TFBENCH_DATA_DIR: dataDir }, 'pglite');
  }, 90_000);

  it('on PostgreSQL: applies migrations at start, serves, and exits 0 on SIGTERM', async () => {
    if (!(await requirePostgres())) return;
    const database = await createTestDatabaseUrl();
    cleanups.push(() => database.drop());
    await startsMigratesServesAndStops({ DATABASE_URL: database.url }, 'postgres');
  }, 90_000);
});
