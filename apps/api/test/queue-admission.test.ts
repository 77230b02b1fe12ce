/**
 * While the job queue cannot take work, requests that would create runs answer 503 before
 * storing anything, and every other request is served as usual.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@tfbench/core/config';
import { describeEachDatabase } from '@tfbench/core/testing';
import { createRuntime, type Runtime } from '@tfbench/runtime';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope, postJson, storedFingerprint, testConfig } from './helpers.js';

describeEachDatabase('queue admission', (getDb) => {
  let dataDir: string;
  let runtime: Runtime;
  let app: FastifyInstance;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-admission-'));
    runtime = await createRuntime(loadConfig({ TFBENCH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
      role: 'api',
      logger: pino({ level: 'silent' }),
    });
    // A closed engine's queue takes no more work: the state of a queue whose Redis is gone.
    await runtime.close();
    expect(runtime.engine.canAcceptRuns()).toBe(false);
    app = await buildApp({ config: testConfig, db: getDb(), engine: runtime.engine, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // Each test starts on an emptied database.
  async function createScenario(): Promise<number> {
    const automation = await postJson(app, '/api/v1/automations', { name: 'queue admission' });
    const scenario = await postJson(app, '/api/v1/scenarios', {
      name: 'queue admission',
      automation_id: automation.json().id,
    });
    expect(scenario.statusCode).toBe(201);
    return scenario.json().id;
  }

  it.each([
    ['/api/v1/runs/trigger', {}],
    ['/api/v1/benchmarks', { iterations: 2, concurrency: 1 }],
  ])('POST %s answers 503 and stores nothing', async (url, body) => {
    const scenarioId = await createScenario();
    const before = await storedFingerprint(getDb());
    const response = await postJson(app, url, { scenario_id: scenarioId, ...body });
    expect(response.statusCode).toBe(503);
    expect(expectErrorEnvelope(response).code).toBe('SERVICE_UNAVAILABLE');
    expect(await storedFingerprint(getDb())).toEqual(before);
  });

  it('serves reads and writes that queue nothing', async () => {
    const scenarioId = await createScenario();
    const read = await app.inject({ method: 'GET', url: `/api/v1/scenarios/${scenarioId}` });
    expect(read.statusCode).toBe(200);
    const created = await postJson(app, '/api/v1/automations', { name: 'queue admission, another' });
    expect(created.statusCode).toBe(201);
  });
});
