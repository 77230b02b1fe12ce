/**
 * Through the engine, an automation's base URL is checked again when its run connects, with
 * the policy the save-time check uses (core's address policy, as the runtime's provider
 * factory applies it): a base URL that passed when saved is refused at run time when its
 * name now resolves to a loopback address (DNS rebinding) or when loopback is no longer
 * allowed (the API no longer binds loopback), and the loopback server receives nothing.
 */
import type { Config } from '@tfbench/core/config';
import type { DatabaseHandle } from '@tfbench/core/db';
import { type Resolver, upstreamOutboundPolicy } from '@tfbench/core/net';
import { createAutomation, createScenario, triggerRun } from '@tfbench/core/services';
import { describeEachDatabase } from '@tfbench/core/testing';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { openAIProviderFactory } from '../src/openai-provider.js';
import { ResourceScope } from '../src/resource-scope.js';
import { type EngineHarness, startHarness, startTinyStream, testConfig, waitForRun } from './helpers.js';

/** The API binds a public interface: loopback upstreams are not allowed. */
const PUBLIC_API = { API_HOST: '0.0.0.0' };
/** `rebind.test` now resolves to loopback. */
const rebound: Resolver = async (hostname) =>
  hostname === 'rebind.test' ? [{ address: '127.0.0.1', family: 4 }] : [];

describeEachDatabase('an upstream address checked when the run connects', (getDb) => {
  let harness: EngineHarness | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Save an automation at `baseUrl` under `savedUnder`'s policy, run it under `runUnder`'s. */
  async function runSavedThenRun(db: DatabaseHandle, baseUrl: string, savedUnder: Config, runUnder: Config) {
    const logger = pino({ level: 'silent' });
    const scope = new ResourceScope(logger);
    cleanups.push(() => scope.close());
    const { provider } = await openAIProviderFactory(null)({
      config: runUnder,
      scope,
      logger,
      mockMode: false,
      maxSockets: 4,
      resolve: rebound,
    });
    harness = await startHarness(db, { providers: { openai: provider }, config: runUnder });
    const deps = { db, outbound: upstreamOutboundPolicy(savedUnder.outbound) };
    const automation = await createAutomation(deps, {
      name: 'guarded upstream',
      provider: 'openai',
      config: { base_url: baseUrl },
      default_inputs: { model: 'm' },
    });
    const scenario = await createScenario(deps, {
      name: 'guarded',
      automation_id: automation.id,
      inputs_template: { prompt: 'p' },
    } as Parameters<typeof createScenario>[1]);
    const created = await triggerRun({ db }, { scenario_id: scenario.id, inputs_override: null });
    await harness.engine.dispatchRun(created.id);
    return await waitForRun(db, created.id);
  }

  it('refuses a name that passed when saved and now resolves to loopback', async () => {
    const upstream = await startTinyStream();
    cleanups.push(() => upstream.close());
    const config = testConfig(PUBLIC_API);
    const run = await runSavedThenRun(
      getDb(),
      upstream.baseUrl.replace('127.0.0.1', 'rebind.test'),
      config,
      config,
    );
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('OUTBOUND_BLOCKED');
    expect(run.error).toContain('rebind.test resolves to 127.0.0.1, a loopback address');
    expect(upstream.requests()).toBe(0);
  });

  it('refuses a loopback URL saved while loopback was allowed, once it is not', async () => {
    const upstream = await startTinyStream();
    cleanups.push(() => upstream.close());
    const baseUrl = upstream.baseUrl;
    const run = await runSavedThenRun(getDb(), baseUrl, testConfig(), testConfig(PUBLIC_API));
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('OUTBOUND_BLOCKED');
    expect(run.error).toContain('127.0.0.1 is a loopback address');
    expect(upstream.requests()).toBe(0);
  });

  it('runs it while the policy allows loopback', async () => {
    const upstream = await startTinyStream();
    cleanups.push(() => upstream.close());
    const baseUrl = upstream.baseUrl.replace('127.0.0.1', 'rebind.test');
    const run = await runSavedThenRun(getDb(), baseUrl, testConfig(), testConfig());
    expect(run.status).toBe('completed');
    expect(upstream.requests()).toBe(1);
  });
});
