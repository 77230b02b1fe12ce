import type { ExecuteRequest, RunOutcome, TimedEvent } from '@tfbench/domain/provider';
import { type MockBehaviourInput, type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTinyFishProvider, type TinyFishClientOptions, type TinyFishProvider } from '../src/index.js';

export const API_KEY = 'sk-tfbench-test-0123456789abcdef';

export const fixed = (ms: number) => ({ dist: 'fixed' as const, value: ms });

/** A short, deterministic run: STARTED at 20 ms, URL 10 ms later, `steps` PROGRESS 30 ms apart. */
export function quickModel(overrides: MockBehaviourInput = {}): MockBehaviourInput {
  return {
    started_delay_ms: fixed(20),
    streaming_url: true,
    streaming_url_delay_ms: fixed(10),
    steps: 3,
    step_delay_ms: fixed(30),
    heartbeat_interval_ms: 0,
    outcome: 'COMPLETED',
    ...overrides,
  };
}

/** Inputs for a run against the mock, with its behaviour. */
export function inputs(mock: MockBehaviourInput = quickModel()): Record<string, unknown> {
  return { url: 'https://example.com', goal: 'Find the title', mock };
}

/**
 * One mock server and one provider for a test file, closed after it. `run` executes one run of
 * {@link quickModel} with `model` on top, with the rest of the request as given.
 */
export function useMock(
  serverOptions: Parameters<typeof startMockTinyFish>[0] = {},
  clientOptions: Partial<TinyFishClientOptions> = {},
): {
  mock: () => MockTinyFish;
  provider: () => TinyFishProvider;
  run: (model: MockBehaviourInput, request?: Omit<ExecuteRequest, 'inputs'>) => Promise<RunOutcome>;
} {
  let mock: MockTinyFish;
  let provider: TinyFishProvider;
  beforeAll(async () => {
    mock = await startMockTinyFish({ seed: 7, apiKey: API_KEY, ...serverOptions });
    provider = createTinyFishProvider({ baseUrl: mock.url, apiKey: API_KEY, mock: true, ...clientOptions });
  });
  afterEach(() => mock.reset());
  afterAll(async () => {
    await provider.close();
    await mock.close();
  });
  return {
    mock: () => mock,
    provider: () => provider,
    run: (model, request = {}) => provider.execute({ inputs: inputs(quickModel(model)), ...request }),
  };
}

/** Collects events; `types()` lists their types in order. */
export function collector() {
  const events: TimedEvent[] = [];
  return {
    events,
    onEvent: (event: TimedEvent) => {
      events.push(event);
    },
    types: () => events.map((e) => e.type),
    of: (type: string) => events.filter((e) => e.type === type),
  };
}

/** Requests the mock received on one route, e.g. "POST /v1/automation/run-sse". */
export function requestsTo(mock: MockTinyFish, route: string) {
  return mock.requests().filter((r) => r.route === route);
}
