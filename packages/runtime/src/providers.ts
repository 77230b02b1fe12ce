/**
 * The providers of a process that executes runs. In mock mode the mock TinyFish server is
 * started in this process on a loopback port and the real client is pointed at it, so runs
 * take the same code path as live ones (HTTP, SSE parsing, timing), only the far end differs.
 */
import type { Config } from '@tfbench/core/config';
import type { ProviderRegistry } from '@tfbench/core/engine';
import { type MockBehaviourInput, type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import type { Logger } from './logger.js';
import type { ResourceScope } from './resource-scope.js';

/**
 * The product's mock mode plays runs faster than real web agents (a run takes 2-5 s rather
 * than 10-20 s) so a trial of tfbench shows results at once; the shape (STARTED,
 * STREAMING_URL, 3-6 PROGRESS steps, heartbeats, an occasional failure) is the real API's.
 * A scenario's inputs may carry a `mock` object to model anything else.
 */
export const MOCK_MODE_MODEL: MockBehaviourInput = {
  started_delay_ms: { dist: 'lognormal', median: 300, sigma: 0.4, max: 2_000 },
  streaming_url_delay_ms: { dist: 'uniform', min: 100, max: 300 },
  steps: { min: 3, max: 6 },
  step_delay_ms: { dist: 'lognormal', median: 500, sigma: 0.5, max: 3_000 },
  heartbeat_interval_ms: 2_000,
};

/** Seeded, so a fresh system replays the same runs: the first one (the README's example) completes. */
export const MOCK_MODE_SEED = 1;

export interface OpenedProviders {
  providers: ProviderRegistry;
  /** The in-process mock TinyFish server, in mock mode. */
  mock: MockTinyFish | undefined;
}

export async function openProviders(
  config: Config,
  scope: ResourceScope,
  logger: Logger,
): Promise<OpenedProviders> {
  const mock = config.tinyfish.mockMode
    ? scope.adopt(
        'mock TinyFish server',
        // Lenient, as the product's mock mode promises: prompt-only inputs (the original
        // README's examples) run without url or goal.
        await startMockTinyFish({
          host: '127.0.0.1',
          port: 0,
          strict: false,
          seed: MOCK_MODE_SEED,
          model: MOCK_MODE_MODEL,
        }),
        (server) => server.close({ graceMs: 0 }),
      )
    : undefined;
  if (mock) logger.info({ mock_url: mock.url }, 'mock mode: runs go to the in-process mock TinyFish server');
  // One socket per run in flight: fewer would queue runs inside the HTTP agent, unseen.
  const maxSockets = config.engine.workerConcurrency;
  const tinyfish = scope.adopt(
    'tinyfish client',
    createTinyFishProvider(
      mock
        ? {
            baseUrl: mock.url,
            mock: true,
            maxSockets,
            logger: logger.child({ component: 'tinyfish' }),
          }
        : {
            baseUrl: config.tinyfish.baseUrl,
            apiKey: config.tinyfish.apiKey,
            automationEndpoint: config.tinyfish.automationEndpoint,
            maxSockets,
            logger: logger.child({ component: 'tinyfish' }),
          },
    ),
    (provider) => provider.close(),
  );
  return { providers: { [tinyfish.id]: tinyfish }, mock };
}
