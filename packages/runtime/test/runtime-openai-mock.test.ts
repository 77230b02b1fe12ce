/**
 * Mock mode for OpenAI-compatible automations: createRuntime starts the in-process mock
 * OpenAI-compatible server and every OpenAI run goes there, whatever base URL its automation
 * names, through the real client; the run keeps TTFT, token figures and the cost at the
 * automation's prices. On the embedded database and on PostgreSQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@tfbench/core/config';
import { createAutomation, createScenario } from '@tfbench/core/services';
import { createTestDatabaseUrl, requirePostgres } from '@tfbench/core/testing';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/index.js';
import { triggerAndDispatch, waitForRun } from './helpers.js';

const postgresReady = await requirePostgres();

describe('mock mode for OpenAI-compatible automations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(env: Record<string, string>, logs: string[]): Promise<Runtime> {
    const dir = await mkdtemp(path.join(tmpdir(), 'tfbench-runtime-oai-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const config = loadConfig({ TFBENCH_DATA_DIR: dir, LOG_LEVEL: 'info', ...env });
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    );
    const runtime = await createRuntime(config, { role: 'all', logger });
    cleanups.push(() => runtime.close());
    return runtime;
  }

  async function runOnce(env: Record<string, string>) {
    const logs: string[] = [];
    const runtime = await open(env, logs);
    expect(runtime.config.tinyfish.mockMode).toBe(true);
    const mockLine = logs
      .map((line) => JSON.parse(line) as { msg: string; mock_url?: string })
      .find((entry) => /OpenAI-compatible/.test(entry.msg));
    expect(mockLine?.mock_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const deps = { db: runtime.db, outbound: { allowedHosts: ['127.0.0.1'] } };
    const automation = await createAutomation(deps, {
      name: 'Mock LLM',
      provider: 'openai',
      // Nothing listens here: in mock mode the run goes to the in-process mock instead.
      config: {
        base_url: 'http://127.0.0.1:9/v1',
        prices: { input_per_mtok_usd: 1, output_per_mtok_usd: 4 },
      },
      default_inputs: { model: 'mock-llm', max_tokens: 32 },
    });
    const scenario = await createScenario(deps, {
      name: 'short answer',
      automation_id: automation.id,
      inputs_template: { prompt: 'Say hello' },
    } as Parameters<typeof createScenario>[1]);
    const created = await triggerAndDispatch(runtime.db, runtime.engine, scenario.id, null);
    return waitForRun(runtime.db, created.id, undefined, 15_000);
  }

  function expectMeasured(run: Awaited<ReturnType<typeof runOnce>>) {
    expect(run.status).toBe('completed');
    // The mock mode model puts TTFT at 150-400 ms before load.
    expect(run.ttft_ms).toBeGreaterThanOrEqual(140);
    expect(run.ttft_ms).toBeLessThan(2_000);
    const tokens = run.token_metrics!;
    expect(tokens.output_tokens).toBeGreaterThan(0);
    expect(tokens.output_tokens).toBeLessThanOrEqual(32);
    expect(tokens.output_tokens_source).toBe('usage');
    expect(tokens.input_tokens).toBeGreaterThan(0);
    expect(run.cost_usd).toBeCloseTo((tokens.input_tokens! * 1 + tokens.output_tokens! * 4) / 1e6, 12);
  }

  it('runs an OpenAI automation against the in-process mock on the embedded database', async () => {
    expectMeasured(await runOnce({}));
  });

  it.skipIf(!postgresReady)(
    'runs an OpenAI automation against the in-process mock on PostgreSQL',
    async () => {
      const database = await createTestDatabaseUrl();
      cleanups.push(() => database.drop());
      expectMeasured(await runOnce({ DATABASE_URL: database.url }));
    },
  );
});
