/** What the provider registry (./providers.ts) asks of each provider's factory. */
import type { Config } from '@tfbench/core/config';
import type { Resolver } from '@tfbench/core/net';
import type { Provider } from '@tfbench/domain/provider';
import type { Logger } from './logger.js';
import type { ResourceScope } from './resource-scope.js';

/** What a factory is given to open its provider. */
export interface ProviderFactoryContext {
  config: Config;
  /** Whatever the factory opens (client, mock server) is adopted here and closed with the process. */
  scope: ResourceScope;
  logger: Logger;
  /** Mock mode: the factory starts its provider's mock in this process and points the client at it. */
  mockMode: boolean;
  /** One socket per run in flight: fewer would queue runs inside the HTTP agent, unseen. */
  maxSockets: number;
  /**
   * Mock mode with the mocks running already (the sender thread's clients go to the main
   * thread's): the URL of each provider's mock, by provider id. A factory given its URL
   * starts no mock.
   */
  runningMocks?: Readonly<Record<string, string>>;
  /**
   * Test seam: how the names of automations' upstreams are resolved when their connections
   * are checked against the outbound policy. Default: the system resolver.
   */
  resolve?: Resolver;
}

/** An opened provider, and the in-process mock it runs against in mock mode. */
export interface OpenedProvider<Mock = unknown> {
  provider: Provider;
  /** The mock this factory started (mock mode), if it started one. */
  mock: Mock | undefined;
  /** The URL of the mock the client goes to (mock mode), whoever started it. */
  mockUrl: string | undefined;
}

export type ProviderFactory = (context: ProviderFactoryContext) => Promise<OpenedProvider>;
