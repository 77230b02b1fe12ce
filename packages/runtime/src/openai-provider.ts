/**
 * The OpenAI-compatible provider of a process that executes runs. One client serves every
 * OpenAI-compatible automation: each run carries its automation's base URL, endpoint and
 * credentials (ExecuteRequest.automation). In mock mode every run goes to the in-process
 * mock OpenAI-compatible server instead, when this build has one.
 */
import { createOpenAIProvider } from '@tfbench/openai';
import type { OpenedProvider, ProviderFactoryContext } from './provider-factory.js';
import { upstreamConnectGuard } from './upstream-guard.js';

/** A mock OpenAI-compatible server running in this process. */
export interface InProcessMockOpenAI {
  /** The base URL runs go to, ending in /v1 (e.g. http://127.0.0.1:41234/v1). */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the mock for mock mode, on a loopback port. */
export type StartMockOpenAI = () => Promise<InProcessMockOpenAI>;

/**
 * The registry's factory, given how to start the mock (null: this build has no mock, and
 * mock mode leaves OpenAI-compatible runs going to their automations' own base URLs).
 */
export function openAIProviderFactory(
  startMock: StartMockOpenAI | null,
): (context: ProviderFactoryContext) => Promise<OpenedProvider<InProcessMockOpenAI>> {
  return async (context) => {
    const { scope, logger } = context;
    const running = context.mockMode ? context.runningMocks?.openai : undefined;
    const mock =
      context.mockMode && startMock !== null && running === undefined
        ? scope.adopt('mock OpenAI-compatible server', await startMock(), (server) => server.close())
        : undefined;
    if (mock)
      logger.info({ mock_url: mock.baseUrl }, 'mock mode: OpenAI-compatible runs go to the in-process mock');
    const mockUrl = running ?? mock?.baseUrl;
    const provider = scope.adopt(
      'openai client',
      createOpenAIProvider({
        ...(mockUrl ? { baseUrlOverride: mockUrl } : {}),
        maxSockets: context.maxSockets,
        logger: logger.child({ component: 'openai' }),
        connectGuard: upstreamConnectGuard(
          context.config,
          mockUrl ? [new URL(mockUrl).origin] : [],
          context.resolve,
        ),
      }),
      (client) => client.close(),
    );
    return { provider, mock, mockUrl };
  };
}
