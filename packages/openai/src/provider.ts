/**
 * The OpenAI-compatible provider: executes runs against any server that speaks the OpenAI
 * chat or completions API (OpenAI, vLLM, SGLang, llama.cpp, Ollama's /v1, LiteLLM, ...) and
 * measures them per docs/metrics.md §10. The upstream is chosen per run from the run's
 * automation (its config and credentials), so one instance serves every automation; it
 * keeps one keep-alive pool per upstream origin until `close()`.
 */
import type http from 'node:http';
import {
  type CancelResult,
  type ExecuteRequest,
  type Provider,
  type ReconcileResult,
  type ResolvedRunSettings,
  type RunError,
  type RunOutcome,
  resolveRunSettings,
} from '@tfbench/domain/provider';
import { type ClientOptionsBase, resolveClientOptions, runBasics } from '@tfbench/provider-kit/client';
import { RunContext, runMode, waitForSendInstant } from '@tfbench/provider-kit/context';
import { Redactor, runError } from '@tfbench/provider-kit/errors';
import { createAgent } from '@tfbench/provider-kit/http';
import { RunRecorder } from '@tfbench/provider-kit/recorder';
import { type NonStreamFacts, runNonStream } from './modes/non-stream.js';
import { failed, type ModeResult } from './modes/result.js';
import { runStream } from './modes/stream.js';
import { buildOutcome, PROVIDER_ID, type RunEnd } from './outcome.js';
import { prepareRequest } from './request.js';
import type { ClientDeps, RunSession } from './run/session.js';
import { OPENAI_MODES, type OpenAIMode } from './schemas.js';
import { TokenTally } from './stream/token-tally.js';

export interface OpenAIClientOptions extends ClientOptionsBase {
  /**
   * Send every run here instead of its automation's `base_url` (which may then be absent):
   * mock mode points all OpenAI-compatible automations at the in-process mock this way.
   */
  baseUrlOverride?: string;
  /**
   * Where `config.api_key_env` is looked up when the request carries no key. Default: nothing:
   * in the product the engine resolves the variable against the operator's allow-list
   * (TFBENCH_UPSTREAM_KEY_ENVS) and passes the key as credentials, so a provider never reads
   * the server's whole environment on an automation's say.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Shortest gap between two TOKENS progress events of a run. Default 250 ms. */
  progressIntervalMs?: number;
}

export interface OpenAIProvider extends Provider {
  readonly id: 'openai';
  readonly modes: typeof OPENAI_MODES;
}

/**
 * @example
 * const openai = createOpenAIProvider({});
 * const outcome = await openai.execute({
 *   inputs: { model: 'my-model', prompt: 'Hello', max_tokens: 64 },
 *   automation: { config: { base_url: 'http://127.0.0.1:8000/v1' }, credentials: { api_key: 'sk-…' } },
 *   onEvent: (event) => buffer.push(event),
 * });
 * outcome.metrics.token_metrics?.tpot_ms;
 */
export function createOpenAIProvider(options: OpenAIClientOptions = {}): OpenAIProvider {
  const agents = new Map<string, http.Agent>();
  const resolved = resolveClientOptions(options);
  const { maxSockets, sampler, userAgent } = resolved;
  const env = options.env ?? {};
  const deps: ClientDeps = {
    agentFor(url: URL): http.Agent {
      const key = `${url.protocol}//${url.host}`;
      let agent = agents.get(key);
      if (agent === undefined) {
        agent = createAgent(url, maxSockets, resolved.connectGuard);
        agents.set(key, agent);
      }
      return agent;
    },
    ...runBasics(resolved),
    progressIntervalMs: options.progressIntervalMs ?? 250,
  };

  async function execute(request: ExecuteRequest): Promise<RunOutcome> {
    let settings: ResolvedRunSettings;
    try {
      settings = resolveRunSettings(request.settings ?? {});
    } catch (error) {
      return early(
        runError('INVALID_SETTINGS', `invalid run settings: ${(error as Error).message}`),
        'stream',
        request,
      );
    }
    const mode = (settings.mode ?? OPENAI_MODES[0]) as OpenAIMode;
    if (!OPENAI_MODES.includes(mode)) {
      const message = `settings.mode must be one of ${OPENAI_MODES.join(', ')}, got "${mode}"`;
      return early(runError('INVALID_SETTINGS', message), mode, request);
    }
    const config =
      options.baseUrlOverride === undefined
        ? (request.config ?? {})
        : { ...request.config, base_url: options.baseUrlOverride };
    const automation = { config, credentials: request.credentials };
    const prepared = prepareRequest({ automation, inputs: request.inputs, mode, env, userAgent });
    if (!prepared.ok) return early(prepared.error, mode, request);

    if (!(await waitForSendInstant(request.sendAt, request.signal, deps.wallClock))) {
      return cancelledBeforeStart(mode, request);
    }
    const recorder = new RunRecorder(request.onEvent);
    const redactor = new Redactor(prepared.request.secrets);
    const ctx = new RunContext(deps.clock, settings.total_timeout_ms, request.signal, 'the endpoint');
    if (ctx.stopped) {
      ctx.dispose();
      return cancelledBeforeStart(mode, request);
    }
    const delayWindow = sampler === null ? null : sampler.open();
    const session: RunSession = {
      deps,
      settings,
      ctx,
      recorder,
      request: prepared.request,
      redactor,
      attempts: [],
      attemptStarts: [],
      tally: new TokenTally(),
      completionId: null,
    };
    const answerFacts: NonStreamFacts = { usage: null, finishReason: null };
    try {
      const result = await runMode<ModeResult>(
        ctx,
        deps.clock,
        () => (mode === 'stream' ? runStream(session) : runNonStream(session, answerFacts)),
        failed,
      );
      return buildOutcome({
        mode,
        end: result.kind === 'final' ? result : stoppedEnd(ctx),
        clock: deps.clock,
        recorder,
        redactor,
        attempts: session.attempts,
        attemptStarts: session.attemptStarts,
        completionId: session.completionId,
        tokens:
          mode === 'stream'
            ? { kind: 'stream', tally: session.tally }
            : { kind: 'answer', facts: answerFacts },
        prices: prepared.request.prices,
        delayWindow,
      });
    } finally {
      ctx.dispose();
      delayWindow?.close();
    }
  }

  /** A timeout or the caller's abort ended the run; nothing is left to cancel upstream. */
  function stoppedEnd(ctx: RunContext): RunEnd {
    const reason = ctx.reason ?? { kind: 'abort' as const };
    const at = ctx.stoppedAt ?? deps.clock.now();
    return reason.kind === 'timeout'
      ? {
          status: 'timeout',
          error: runError(reason.code, reason.message),
          at,
          result: null,
          response_json: null,
        }
      : {
          status: 'cancelled',
          error: runError('CANCELLED', 'the run was cancelled by the caller; the request was closed'),
          at,
          result: null,
          response_json: null,
        };
  }

  function cancelledBeforeStart(mode: string, request: ExecuteRequest): RunOutcome {
    return early(
      runError('CANCELLED', 'the run was cancelled before it started'),
      mode,
      request,
      'cancelled',
    );
  }

  /** An outcome for a run that never sent a request. */
  function early(
    error: RunError,
    mode: string,
    request: ExecuteRequest,
    status: 'failed' | 'cancelled' = 'failed',
  ): RunOutcome {
    return buildOutcome({
      mode,
      end: { status, error, at: 0, result: null, response_json: null },
      clock: deps.clock,
      recorder: new RunRecorder(request.onEvent),
      redactor: new Redactor([]),
      attempts: [],
      attemptStarts: [],
      completionId: null,
      tokens: null,
      prices: null,
      delayWindow: null,
    });
  }

  const noLookup = (what: string): RunError =>
    runError('NOT_FOUND', `an OpenAI-compatible endpoint keeps no ${what} to ask about after the fact`);

  return {
    id: PROVIDER_ID,
    modes: OPENAI_MODES,
    execute,
    // Closing the stream is the cancel: the server stops generating when the client goes.
    reconcile: async (): Promise<ReconcileResult> => ({ state: 'not_found', error: noLookup('run') }),
    cancel: async (): Promise<CancelResult> => ({ state: 'unsupported', error: noLookup('run to cancel') }),
    close: async () => {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
