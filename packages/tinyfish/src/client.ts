/**
 * The TinyFish provider: executes runs against the TinyFish Automation API (or the mock)
 * in SSE, sync or async mode, and measures them (docs/metrics.md).
 */
import type {
  CancelResult,
  ExecuteRequest,
  Provider,
  ReconcileResult,
  ResolvedRunSettings,
  RunError,
  RunOutcome,
  UpstreamCancel,
  UpstreamCredentials,
  UpstreamRunRequest,
} from '@tfbench/domain/provider';
import { type ClientOptionsBase, resolveClientOptions } from '@tfbench/provider-kit/client';
import { runMode, waitForSendInstant } from '@tfbench/provider-kit/context';
import { Redactor, runError } from '@tfbench/provider-kit/errors';
import { cancelRun, reconcileRun } from './cancel.js';
import { DEFAULT_COST_PER_STEP_USD } from './cost.js';
import { runAsync } from './modes/async.js';
import { failed, type ModeResult } from './modes/result.js';
import { runSse } from './modes/sse.js';
import { runSync } from './modes/sync.js';
import { buildOutcome, PROVIDER_ID } from './outcome.js';
import { metricsFromStoredEvents } from './recovered-metrics.js';
import { buildRunBody } from './request-body.js';
import { RunContext } from './run/context.js';
import { TinyFishRunRecorder } from './run/recorder.js';
import type { ClientDeps, RunSession } from './run/session.js';
import { ResolvedSettingsCache } from './run/settings-cache.js';
import { parseBaseUrl, Upstreams } from './upstreams.js';

/** The modes, default first. */
export const TINYFISH_MODES = ['sse', 'sync', 'async'] as const;
export type TinyFishMode = (typeof TINYFISH_MODES)[number];

/** How to reach TinyFish, and the client's own knobs. */
export interface TinyFishClientOptions extends ClientOptionsBase {
  /** e.g. https://agent.tinyfish.ai (config `tinyfish.baseUrl`), or the mock's URL. */
  baseUrl: string;
  /** Sent as X-API-Key; never logged, never in errors or events. */
  apiKey?: string;
  /** Path prefix of the run endpoints; /run-sse, /run, /run-async are appended. Default /v1/automation. */
  automationEndpoint?: string;
  /** Path prefix of the runs resource. Default /v1/runs. */
  runsEndpoint?: string;
  /**
   * True when talking to the mock server: the inputs' `mock` object is sent along, and
   * url/goal are not required (the mock's lenient mode accepts prompt-only inputs).
   */
  mock?: boolean;
  /** Price of one billed agent step in USD (the run's cost_usd). Default {@link DEFAULT_COST_PER_STEP_USD}. */
  costPerStepUsd?: number;
  /** Budget of the cancel the client sends after a timeout or an abort. Default 10 s. */
  cancelTimeoutMs?: number;
}

/** The Provider plus TinyFish's own extras. */
export interface TinyFishProvider extends Provider {
  readonly id: 'tinyfish';
  readonly modes: typeof TINYFISH_MODES;
}

/**
 * Create the TinyFish provider. One instance per upstream; it pools keep-alive connections
 * until `close()`.
 *
 * @example
 * const tinyfish = createTinyFishProvider({ baseUrl: config.tinyfish.baseUrl, apiKey: config.tinyfish.apiKey });
 * const outcome = await tinyfish.execute({
 *   inputs: { url: 'https://example.com', goal: 'Find the price' },
 *   settings: { mode: 'sse', timeout_s: 120 },
 *   onEvent: (event) => buffer.push(event),
 * });
 */
export function createTinyFishProvider(options: TinyFishClientOptions): TinyFishProvider {
  const resolved = resolveClientOptions(options);
  const upstreams = new Upstreams(
    parseBaseUrl(options.baseUrl),
    {
      ...resolved,
      apiKey: options.apiKey,
      automationPath: trimPath(options.automationEndpoint ?? '/v1/automation'),
      runsPath: trimPath(options.runsEndpoint ?? '/v1/runs'),
      costPerStepUsd: options.costPerStepUsd ?? DEFAULT_COST_PER_STEP_USD,
    },
    options.mock ?? false,
  );
  const { sampler } = resolved;
  const cancelTimeoutMs = options.cancelTimeoutMs ?? 10_000;
  const settingsCache = new ResolvedSettingsCache();

  const smallRequest = (signal: AbortSignal | undefined) => ({
    signal,
    connectTimeoutMs: Math.min(cancelTimeoutMs, 10_000),
    timeoutMs: cancelTimeoutMs,
  });

  async function execute(request: ExecuteRequest): Promise<RunOutcome> {
    const { deps, mock } = upstreams.forConfig(request.config);
    let settings: ResolvedRunSettings;
    try {
      settings = settingsCache.resolve(request.settings);
    } catch (error) {
      return early('INVALID_SETTINGS', `invalid run settings: ${(error as Error).message}`, 'sse', request);
    }
    const mode = settings.mode ?? 'sse';
    if (!(TINYFISH_MODES as readonly string[]).includes(mode)) {
      return early(
        'INVALID_SETTINGS',
        `settings.mode must be one of ${TINYFISH_MODES.join(', ')}, got "${mode}"`,
        mode,
        request,
      );
    }
    const built = buildRunBody(request.inputs, { mock });
    if (!built.ok) return earlyWith(built.error, mode, request);

    if (!(await waitForSendInstant(request.sendAt, request.signal, deps.wallClock))) {
      return cancelledBeforeStart(mode, request);
    }
    const recorder = new TinyFishRunRecorder(request.onEvent);
    const ctx = new RunContext(deps.clock, settings.total_timeout_ms, request.signal);
    if (ctx.stopped) {
      ctx.dispose();
      return cancelledBeforeStart(mode, request);
    }
    const delayWindow = sampler === null ? null : sampler.open();
    const session: RunSession = {
      deps: request.credentials ? withCredentials(deps, request.credentials, options.apiKey) : deps,
      settings,
      ctx,
      recorder,
      attempts: [],
      attemptStarts: [],
      body: Buffer.from(JSON.stringify(built.body)),
      upstreamRunId: null,
      streamingUrl: null,
      onUpstreamIdentity: request.onUpstreamIdentity,
    };
    try {
      const run = mode === 'sse' ? runSse : mode === 'sync' ? runSync : runAsync;
      const result = await runMode<ModeResult>(ctx, deps.clock, () => run(session), failed);
      if (result.kind === 'final') {
        return buildOutcome({ session, mode, result, upstreamCancel: null, delayWindow });
      }
      // Stopped by a timeout or an abort: end now, then cancel upstream if we can.
      const reason = ctx.reason ?? { kind: 'abort' as const };
      const at = ctx.stoppedAt ?? deps.clock.now();
      const ended =
        reason.kind === 'timeout'
          ? {
              kind: 'ended' as const,
              status: 'timeout' as const,
              error: runError(reason.code, reason.message),
              at,
            }
          : {
              kind: 'ended' as const,
              status: 'cancelled' as const,
              error: runError('CANCELLED', 'the run was cancelled by the caller'),
              at,
            };
      const cancelReason = reason.kind === 'timeout' ? 'timeout' : 'abort';
      let upstreamCancel: UpstreamCancel | null = null;
      if (session.upstreamRunId !== null && mode !== 'sync') {
        const answer = await cancelRun(deps, session.upstreamRunId, smallRequest(undefined));
        upstreamCancel = { ...answer, reason: cancelReason };
        deps.logger?.debug(
          { run_id: session.upstreamRunId, state: answer.state, reason: cancelReason },
          'cancelled the run upstream',
        );
      } else if (session.attempts.length > 0) {
        recorder.warn(
          mode === 'sync'
            ? 'a blocking /run cannot be cancelled; the upstream run may continue and be billed'
            : 'no run id was received before the run ended, so it could not be cancelled upstream',
        );
      }
      return buildOutcome({ session, mode, result: ended, upstreamCancel, delayWindow });
    } finally {
      ctx.dispose();
      // Normally closed by buildOutcome already; a second close costs nothing.
      delayWindow?.close();
    }
  }

  function cancelledBeforeStart(mode: string, request: ExecuteRequest): RunOutcome {
    return early('CANCELLED', 'the run was cancelled before it started', mode, request, 'cancelled');
  }

  /** An outcome for a run that never sent a request. */
  function early(
    code: string,
    message: string,
    mode: string,
    request: ExecuteRequest,
    status: 'failed' | 'cancelled' = 'failed',
  ): RunOutcome {
    return earlyWith(runError(code, message), mode, request, status);
  }

  function earlyWith(
    error: RunError,
    mode: string,
    request: ExecuteRequest,
    status: 'failed' | 'cancelled' = 'failed',
  ): RunOutcome {
    return buildOutcome({
      session: {
        deps: upstreams.default.deps,
        recorder: new TinyFishRunRecorder(request.onEvent),
        attempts: [],
        attemptStarts: [],
        upstreamRunId: null,
        streamingUrl: null,
      },
      mode,
      result: { kind: 'ended', status, error, at: 0 },
      upstreamCancel: null,
      delayWindow: null,
    });
  }

  return {
    id: PROVIDER_ID,
    modes: TINYFISH_MODES,
    execute,
    reconcile: (runId: string, opts?: UpstreamRunRequest): Promise<ReconcileResult> =>
      reconcileRun(upstreams.forConfig(opts?.config).deps, runId, smallRequest(opts?.signal)),
    cancel: (runId: string, opts?: UpstreamRunRequest): Promise<CancelResult> =>
      cancelRun(upstreams.forConfig(opts?.config).deps, runId, smallRequest(opts?.signal)),
    metricsFromEvents: metricsFromStoredEvents,
    close: async () => {
      upstreams.close();
    },
  };
}

function trimPath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.replace(/\/+$/, '');
}

/**
 * The client's parts for one run of an automation with its own credentials: its key replaces
 * the server-wide X-API-Key, its headers are added, and the redactor hides both (with the
 * server-wide key) from errors, events and logs.
 */
function withCredentials(
  deps: ClientDeps,
  credentials: UpstreamCredentials,
  serverKey: string | undefined,
): ClientDeps {
  const headers = { ...deps.headers, ...credentials.headers };
  if (credentials.api_key !== undefined) headers['x-api-key'] = credentials.api_key;
  const secrets = [serverKey, credentials.api_key, ...Object.values(credentials.headers ?? {})];
  return { ...deps, headers, redactor: new Redactor(secrets) };
}
