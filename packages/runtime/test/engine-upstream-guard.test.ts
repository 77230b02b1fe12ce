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
import { expect, it, onTestFinished } from 'vitest';
import { openAIProviderFactory } from '../src/openai-provider.js';
import { ResourceScope } from '../src/resource-scope.js';
import { startHarness, startTinyStream, testConfig, waitForRun } from './helpers.js';

/** The API binds a public interface: loopback upstreams are not allowed. */
const PUBLIC_API = { API_HOST: '0.0.0.0' };
/** `rebind.test` now resolves to loopback. */
const rebound: Resolver = async (hostname) =>
  hostname === 'rebind.test' ? [{ address: '127.0.0.1', family: 4 }] : [];

describeEachDatabase('an upstream address checked when the run connects', (getDb) => {
  /** A loopback upstream closed when the test ends, after the engine that calls it. */
  async function upstreamServer() {
    const upstream = await startTinyStream();
    onTestFinished(() => upstream.close());
    return upstream;
  }

  /** Save an automation at `baseUrl` under `savedUnder`'s policy, run it under `runUnder`'s. */
  async function runSavedThenRun(db: DatabaseHandle, baseUrl: string, savedUnder: Config, runUnder: Config) {
    const logger = pino({ level: 'silent' });
    const scope = new ResourceScope(logger);
    onTestFinished(() => scope.close());
    const { provider } = await openAIProviderFactory(null)({
      config: runUnder,
      scope,
      logger,
      mockMode: false,
      maxSockets: 4,
      resolve: rebound,
    });
    const harness = await startHarness(db, { providers: { openai: provider }, config: runUnder });
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

  it.each([
    {
      name: 'refuses a name that passed when saved and now resolves to loopback',
      host: 'rebind.test',
      savedUnder: PUBLIC_API,
      reason: 'rebind.test resolves to 127.0.0.1, a loopback address',
    },
    {
      name: 'refuses a loopback URL saved while loopback was allowed, once it is not',
      host: '127.0.0.1',
      savedUnder: {},
      reason: '127.0.0.1 is a loopback address',
    },
  ])('$name', async ({ host, savedUnder, reason }) => {
    const upstream = await upstreamServer();
    const baseUrl = upstream.baseUrl.replace('127.0.0.1', host);
    const run = await runSavedThenRun(getDb(), baseUrl, testConfig(savedUnder), testConfig(PUBLIC_API));
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('OUTBOUND_BLOCKED');
    expect(run.error).toContain(reason);
    expect(upstream.requests()).toBe(0);
  });

  it('runs it while the policy allows loopback', async () => {
    const upstream = await upstreamServer();
    const baseUrl = upstream.baseUrl.replace('127.0.0.1', 'rebind.test');
    const run = await runSavedThenRun(getDb(), baseUrl, testConfig(), testConfig());
    expect(run.status).toBe('completed');
    expect(upstream.requests()).toBe(1);
  });
});
