/**
 * Shared pieces of the engine tests: a real mock TinyFish server, the real client pointed at
 * it, the real queue/bus adapters, and rows seeded through the services.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, loadConfig } from '@tfbench/core/config';
import type { DatabaseHandle, Run, RunEvent } from '@tfbench/core/db';
import type { Engine, EngineFeatures, EngineSettings } from '@tfbench/core/engine';
import { createEventBus, type DeliveredEvent, type EventBus } from '@tfbench/core/events';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  createQueue,
  type JobQueue,
  type Logger,
  silentLogger,
} from '@tfbench/core/queue';
import { selectRunById, selectRunEvents } from '@tfbench/core/repositories';
import type { SecretBox } from '@tfbench/core/secrets';
import {
  createAutomation,
  createScenario,
  listAutomations,
  listScenarios,
  triggerRun,
} from '@tfbench/core/services';
import type { Provider } from '@tfbench/domain/provider';
import {
  type MockBehaviourInput,
  type MockTinyFish,
  runCreatingPosts,
  startMockTinyFish,
} from '@tfbench/mock-tinyfish';
import { createTinyFishProvider, type TinyFishProvider } from '@tfbench/tinyfish';
import { onTestFinished } from 'vitest';
import { alertSettingsOf, wireEngine } from '../src/index.js';

/** A quick, deterministic run: STARTED, STREAMING_URL, 3 PROGRESS, COMPLETE in about 150 ms. */
export const FAST_MODEL: MockBehaviourInput = {
  started_delay_ms: 20,
  streaming_url_delay_ms: 10,
  steps: 3,
  step_delay_ms: 30,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
};

/** Engine timings for tests: a dead holder is noticed within about a second. */
export const TEST_ENGINE_ENV = {
  RUN_LOCK_DURATION_MS: '600',
  RUN_STALLED_INTERVAL_MS: '300',
  RUN_RECONCILE_INTERVAL_MS: '60000',
  LOG_LEVEL: 'silent',
} as const;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENGINE_ENV, TINYFISH_MOCK_MODE: 'true', ...env });
}

export interface EngineHarness {
  engine: Engine;
  queue: JobQueue;
  bus: EventBus;
  mock: MockTinyFish;
  provider: TinyFishProvider;
  limiter: ConcurrencyLimiter;
  /** Every event published on the bus, in order. */
  published: DeliveredEvent[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  model?: MockBehaviourInput;
  /** Use this mock instead of starting one (several engines sharing one upstream). */
  mock?: MockTinyFish;
  /** Start consuming jobs (default true). */
  worker?: boolean;
  concurrency?: number;
  exclusiveDatabase?: boolean;
  settings?: Partial<EngineSettings>;
  features?: Partial<EngineFeatures>;
  config?: Config;
  /** Opens automations' credentials (default: none). */
  secretBox?: SecretBox;
  /** Default: silent. */
  logger?: Logger;
  /** Providers next to the TinyFish one (e.g. an OpenAI-compatible client). */
  providers?: Record<string, Provider>;
}

/**
 * The engine with the in-process queue and bus, the real client and a real mock server.
 * Started inside a test, it is closed when that test finishes, passed or failed.
 */
export async function startHarness(db: DatabaseHandle, options: HarnessOptions = {}): Promise<EngineHarness> {
  const ownMock = options.mock === undefined;
  const mock = options.mock ?? (await startMockTinyFish({ seed: 7, model: options.model ?? FAST_MODEL }));
  const provider = createTinyFishProvider({ baseUrl: mock.url, mock: true, eventLoopSampler: null });
  const queue = createQueue({});
  const bus = await createEventBus({});
  const limiter = createConcurrencyLimiter({});
  const published: DeliveredEvent[] = [];
  bus.subscribe({}, (delivered) => published.push(delivered));
  const config = options.config ?? testConfig();
  const engine = wireEngine({
    db,
    queue,
    bus,
    providers: { tinyfish: provider, ...options.providers },
    limiter,
    config,
    logger: options.logger ?? silentLogger,
    secretBox: options.secretBox,
    settings: options.settings,
    alerts: alertSettingsOf(config, config.alerts.webhookSecret ?? null),
    features: options.features,
  });
  if (options.worker ?? true) {
    await engine.startWorker({
      concurrency: options.concurrency ?? 4,
      exclusiveDatabase: options.exclusiveDatabase ?? false,
    });
  }
  let closing: Promise<void> | undefined;
  const harness: EngineHarness = {
    engine,
    queue,
    bus,
    mock,
    provider,
    limiter,
    published,
    // Once: a test may close its harness early (to start another on the same database), and
    // the test's end closes it again.
    close: () => {
      closing ??= (async () => {
        await engine.close();
        await queue.close({ graceMs: 2_000, abortGraceMs: 2_000 });
        await limiter.close();
        await provider.close();
        await bus.close();
        if (ownMock) await mock.close();
      })();
      return closing;
    },
  };
  onTestFinished(() => harness.close());
  return harness;
}

/** The original README's automation and scenario, created through the services. */
export async function seedReadmeScenario(
  db: DatabaseHandle,
  extra: {
    inputs_template?: Record<string, unknown>;
    run_settings?: Record<string, unknown>;
    assertions?: unknown[];
  } = {},
): Promise<number> {
  // Names are unique: a second call in one database reuses the automation and numbers the scenario.
  const automation =
    (await listAutomations({ db }, { limit: 1000 })).items.find((a) => a.name === 'GPT-4 Chat Automation') ??
    (await createAutomation(
      { db },
      {
        name: 'GPT-4 Chat Automation',
        tinyfish_automation_id: 'auto_123abc',
        description: 'GPT-4 chat completion automation',
        default_inputs: { model: 'gpt-4', temperature: 0.7 },
      },
    ));
  const existing = (await listScenarios({ db }, { limit: 1000 })).total;
  const scenario = await createScenario({ db }, {
    name: existing === 0 ? 'Simple Chat Benchmark' : `Simple Chat Benchmark ${existing + 1}`,
    automation_id: automation.id,
    description: 'Test basic chat completion',
    inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100, ...extra.inputs_template },
    run_settings: { interval_seconds: 300, concurrency: 1, ...extra.run_settings },
    ...(extra.assertions ? { assertions: extra.assertions } : {}),
  } as Parameters<typeof createScenario>[1]);
  return scenario.id;
}

/** Trigger a run as the API does (store pending, then hand it to the engine). */
export async function triggerAndDispatch(
  db: DatabaseHandle,
  engine: Engine,
  scenarioId: number,
  inputsOverride: Record<string, unknown> | null = { temperature: 0.5 },
): Promise<Run> {
  const run = await triggerRun({ db }, { scenario_id: scenarioId, inputs_override: inputsOverride });
  await engine.dispatchRun(run.id);
  return run;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'timeout']);

/** Poll the run until `predicate` holds (default: a terminal status). */
export async function waitForRun(
  db: DatabaseHandle,
  runId: number,
  predicate: (run: Run) => boolean = (run) => TERMINAL.has(run.status),
  timeoutMs = 10_000,
): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await selectRunById(db.db, runId);
    if (run && predicate(run)) return run;
    if (Date.now() > deadline) {
      throw new Error(`run ${runId} did not get there within ${timeoutMs} ms (status ${run?.status})`);
    }
    await sleep(25);
  }
}

export async function eventsOf(db: DatabaseHandle, runId: number): Promise<RunEvent[]> {
  return selectRunEvents(db.db, runId);
}

/** Wait until `check` holds. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run-creating POSTs the mock received. */
export function upstreamPosts(mock: MockTinyFish): number {
  return runCreatingPosts(mock.stats());
}

/** A one-token OpenAI-compatible stream on loopback, counting its requests. */
export async function startTinyStream() {
  let requests = 0;
  let closed = false;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => resolve());
      }),
  };
}
