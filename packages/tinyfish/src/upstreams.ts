/**
 * The upstreams one TinyFish provider talks to: the server-wide base URL, and the base URL an
 * automation's `config.base_url` names instead. Each gets its own keep-alive agent and its
 * endpoints parsed once; the per-automation ones are opened on first use and kept while few.
 */
import type http from 'node:http';
import { type ResolvedClientOptions, runBasics } from '@tfbench/provider-kit/client';
import { Redactor } from '@tfbench/provider-kit/errors';
import { createAgent, type RequestTarget, requestTarget } from '@tfbench/provider-kit/http';
import type { ClientDeps, RunEndpoint } from './run/session.js';

/** What every upstream of the provider shares. */
export interface UpstreamDefaults extends ResolvedClientOptions {
  apiKey: string | undefined;
  automationPath: string;
  runsPath: string;
  costPerStepUsd: number;
}

/** A base URL's dependencies, and whether runs sent there are built for the mock server. */
export interface Upstream {
  deps: ClientDeps;
  mock: boolean;
}

/** Per-automation base URLs kept open at once; the oldest is closed beyond this. */
const MAX_AUTOMATION_UPSTREAMS = 32;

/** Parse an http(s) base URL, or throw naming it. */
export function parseBaseUrl(baseUrl: string): URL {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an http(s) URL, got ${baseUrl}`);
  }
  return base;
}

export class Upstreams {
  readonly default: Upstream;
  private readonly byBaseUrl = new Map<string, Upstream>();

  constructor(
    defaultBase: URL,
    private readonly defaults: UpstreamDefaults,
    /** True when the default base is the mock server (see TinyFishClientOptions.mock). */
    mock: boolean,
  ) {
    // The operator's own base URL (or the in-process mock): trusted, so not guarded.
    this.default = { deps: this.open(defaultBase, false), mock };
  }

  /**
   * The upstream of an automation's config: its `base_url` when it names one, else the
   * default. Runs sent to an automation's own base URL are built as live runs (url and goal
   * required, no mock behaviour sent), whatever the default is.
   */
  forConfig(config: Record<string, unknown> | undefined): Upstream {
    const baseUrl = config?.base_url;
    if (typeof baseUrl !== 'string' || baseUrl === '') return this.default;
    const key = baseUrl.replace(/\/+$/, '');
    const known = this.byBaseUrl.get(key);
    if (known !== undefined) return known;
    const upstream: Upstream = { deps: this.open(parseBaseUrl(key), true), mock: false };
    this.byBaseUrl.set(key, upstream);
    if (this.byBaseUrl.size > MAX_AUTOMATION_UPSTREAMS) {
      const [oldest, evicted] = this.byBaseUrl.entries().next().value as [string, Upstream];
      this.byBaseUrl.delete(oldest);
      // Runs in flight keep their sockets: destroy() closes only the idle ones and the agent.
      evicted.deps.agent.destroy();
    }
    return upstream;
  }

  close(): void {
    this.default.deps.agent.destroy();
    for (const upstream of this.byBaseUrl.values()) upstream.deps.agent.destroy();
    this.byBaseUrl.clear();
  }

  /** `guarded`: a user-given base URL, whose connections go through the connect guard. */
  private open(base: URL, guarded: boolean): ClientDeps {
    const d = this.defaults;
    const basePath = base.pathname.replace(/\/+$/, '');
    const agent: http.Agent = createAgent(base, d.maxSockets, guarded ? d.connectGuard : null);
    // Parsed once: node would otherwise turn the URL into request options on every run.
    const endpointTargets: Record<RunEndpoint, RequestTarget> = {
      'run-sse': requestTarget(new URL(`${basePath}${d.automationPath}/run-sse`, base)),
      run: requestTarget(new URL(`${basePath}${d.automationPath}/run`, base)),
      'run-async': requestTarget(new URL(`${basePath}${d.automationPath}/run-async`, base)),
    };
    const headers: Record<string, string> = { 'user-agent': d.userAgent };
    if (d.apiKey) headers['x-api-key'] = d.apiKey;
    return {
      ...runBasics(d),
      agent,
      redactor: new Redactor([d.apiKey]),
      headers,
      endpointTarget: (endpoint: RunEndpoint) => endpointTargets[endpoint],
      runUrl: (runId: string, suffix?: '/cancel') =>
        new URL(`${basePath}${d.runsPath}/${encodeURIComponent(runId)}${suffix ?? ''}`, base),
      costPerStepUsd: d.costPerStepUsd,
    };
  }
}
