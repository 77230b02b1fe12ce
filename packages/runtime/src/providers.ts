/**
 * The provider registry: each provider id stored in `automations.provider` maps to the
 * factory that opens its client for a process that executes runs. A new provider is one
 * package (its client, and its mock for mock mode) plus one line here.
 */
import type { Config } from '@tfbench/core/config';
import type { ProviderRegistry } from '@tfbench/core/engine';
import type { Provider } from '@tfbench/domain/provider';
import type { Logger } from './logger.js';
import { startMockModeOpenAI } from './openai-mock-mode.js';
import { openAIProviderFactory } from './openai-provider.js';
import type { OpenedProvider, ProviderFactory, ProviderFactoryContext } from './provider-factory.js';
import type { ResourceScope } from './resource-scope.js';
import { openTinyFishProvider } from './tinyfish-provider.js';

/** Every provider this build knows, by the id automations store. */
const PROVIDER_FACTORIES = {
  tinyfish: openTinyFishProvider,
  openai: openAIProviderFactory(startMockModeOpenAI),
} satisfies Record<string, ProviderFactory>;

type Opened = {
  [Id in keyof typeof PROVIDER_FACTORIES]: Awaited<ReturnType<(typeof PROVIDER_FACTORIES)[Id]>>;
};

export interface OpenedProviders {
  providers: ProviderRegistry;
  /** The in-process mock TinyFish server, in mock mode. */
  mock: Opened['tinyfish']['mock'];
  /** The URL of each provider's mock its client goes to (mock mode), by provider id. */
  mockUrls: Record<string, string>;
}

/** Open every registered provider, in registry order. */
export async function openProviders(
  config: Config,
  scope: ResourceScope,
  logger: Logger,
  runningMocks?: Readonly<Record<string, string>>,
): Promise<OpenedProviders> {
  const context: ProviderFactoryContext = {
    config,
    scope,
    logger,
    mockMode: config.tinyfish.mockMode,
    maxSockets: config.engine.workerConcurrency,
    ...(runningMocks ? { runningMocks } : {}),
  };
  const opened: Partial<Record<string, OpenedProvider>> = {};
  const providers: Record<string, Provider> = {};
  const mockUrls: Record<string, string> = {};
  for (const [id, open] of Object.entries(PROVIDER_FACTORIES) as [string, ProviderFactory][]) {
    const entry = await open(context);
    opened[id] = entry;
    providers[id] = entry.provider;
    if (entry.mockUrl !== undefined) mockUrls[id] = entry.mockUrl;
  }
  return { providers, mock: (opened as Partial<Opened>).tinyfish?.mock, mockUrls };
}
