/** The TinyFish provider of a process that executes runs, and the mock it runs against in mock mode. */
import { type MockBehaviourInput, type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import type { OpenedProvider, ProviderFactoryContext } from './provider-factory.js';
import { upstreamConnectGuard } from './upstream-guard.js';

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

/**
 * TinyFish's entry in the provider registry. In mock mode the mock TinyFish server is started
 * in this process on a loopback port and the real client is pointed at it, so runs take the
 * same code path as live ones (HTTP, SSE parsing, timing), only the far end differs.
 */
export async function openTinyFishProvider(
  context: ProviderFactoryContext,
): Promise<OpenedProvider<MockTinyFish>> {
  const { config, scope, logger } = context;
  const running = context.mockMode ? context.runningMocks?.tinyfish : undefined;
  const mock =
    context.mockMode && running === undefined
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
  const mockUrl = running ?? mock?.url;
  // Only automations' own base URLs are guarded; the server-wide one is the operator's.
  const connectGuard = upstreamConnectGuard(
    config,
    mockUrl ? [new URL(mockUrl).origin] : [],
    context.resolve,
  );
  const provider = scope.adopt(
    'tinyfish client',
    createTinyFishProvider(
      mockUrl
        ? {
            baseUrl: mockUrl,
            mock: true,
            maxSockets: context.maxSockets,
            logger: logger.child({ component: 'tinyfish' }),
            costPerStepUsd: config.tinyfish.costPerStepUsd,
            connectGuard,
          }
        : {
            baseUrl: config.tinyfish.baseUrl,
            apiKey: config.tinyfish.apiKey,
            automationEndpoint: config.tinyfish.automationEndpoint,
            maxSockets: context.maxSockets,
            logger: logger.child({ component: 'tinyfish' }),
            costPerStepUsd: config.tinyfish.costPerStepUsd,
            connectGuard,
          },
    ),
    (client) => client.close(),
  );
  return { provider, mock, mockUrl };
}
