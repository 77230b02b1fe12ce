/** Turns a finished run session into the Provider's RunOutcome, metrics included. */
import { interTokenStats } from '@tfbench/domain/measurement';
import {
  METRIC_DEFINITIONS_VERSION,
  type RunError,
  type RunMetrics,
  type RunOutcome,
  type UpstreamCancel,
} from '@tfbench/domain/provider';
import type { DelayWindow } from '@tfbench/provider-kit/timing';
import { roundDelays, roundMs, roundSummary } from '@tfbench/provider-kit/timing';
import { billedSteps, runCostUsd } from './cost.js';
import type { ModeResult } from './modes/result.js';
import type { RunSession } from './run/session.js';

export const PROVIDER_ID = 'tinyfish';

/** The parts of a session an outcome is built from. */
export type SessionRecord = Pick<
  RunSession,
  'deps' | 'recorder' | 'attempts' | 'attemptStarts' | 'upstreamRunId' | 'streamingUrl'
>;

/** A run that ended without an upstream verdict: invalid input, a timeout, an abort. */
export interface EndedWithoutVerdict {
  kind: 'ended';
  status: 'failed' | 'timeout' | 'cancelled';
  error: RunError;
  at: number;
}

export interface OutcomeParts {
  session: SessionRecord;
  mode: string;
  result: Extract<ModeResult, { kind: 'final' }> | EndedWithoutVerdict;
  upstreamCancel: UpstreamCancel | null;
  delayWindow: DelayWindow | null;
}

/**
 * Build the outcome. Streaming figures (ttft, inter-token stats, steps, heartbeats) exist
 * only in SSE mode; elsewhere they are null rather than a misleading 0.
 */
export function buildOutcome(parts: OutcomeParts): RunOutcome {
  const { session, mode, result } = parts;
  const { recorder, attempts, attemptStarts } = session;
  const end = result.at;
  const streaming = mode === 'sse';
  const last = attempts.length - 1;
  if (last >= 0 && attempts[last]?.duration_ms === 0) {
    (attempts[last] as (typeof attempts)[number]).duration_ms = roundMs(
      end - (attemptStarts[last] as number),
    );
  }
  const final = result.kind === 'final' ? result : null;
  const metrics: RunMetrics = {
    total_duration_ms: recorder.t0 === null ? 0 : recorder.offset(end),
    time_to_headers_ms: since(recorder, recorder.headersAt),
    time_to_started_ms: since(recorder, recorder.startedAt),
    time_to_streaming_url_ms: since(recorder, recorder.streamingUrlAt),
    ttft_ms: streaming ? since(recorder, recorder.progressAt[0] ?? null) : null,
    inter_token_stats: streaming
      ? roundSummary(
          interTokenStats(
            recorder.progressAt.map((at) => recorder.offset(at)),
            recorder.completeAt === null ? null : recorder.offset(recorder.completeAt),
          ),
        )
      : null,
    steps: streaming ? recorder.progressAt.length : null,
    heartbeats: streaming ? recorder.heartbeats : null,
    server_duration_ms: final?.server_duration_ms ?? null,
    num_of_steps: final?.num_of_steps ?? null,
    retry_wait_ms: recorder.lastAttemptAt === null ? 0 : recorder.offset(recorder.lastAttemptAt),
    event_loop_delay_ms: parts.delayWindow ? roundDelays(parts.delayWindow.close()) : null,
    provider_metrics: {},
  };
  let error: RunError | null = null;
  if (result.status !== 'completed') {
    error = session.deps.redactor.error(
      result.error ?? {
        code: 'RUN_FAILED',
        message: 'the run failed without an error',
        http_status: null,
        upstream_code: null,
        upstream_message: null,
        category: null,
        retry_after_s: null,
        details: null,
      },
    );
  }
  // One object, built once: a completed run carries error null, any other an error.
  return {
    provider: PROVIDER_ID,
    mode,
    cost_usd: runCostUsd({
      status: result.status,
      billed_steps: billedSteps(metrics.num_of_steps, metrics.steps),
      cost_per_step_usd: session.deps.costPerStepUsd,
    }),
    metric_definitions: METRIC_DEFINITIONS_VERSION,
    metrics,
    t0_epoch_ms: recorder.t0 === null ? null : roundMs(session.deps.clock.timeOrigin + recorder.t0),
    upstream_run_id: session.upstreamRunId,
    upstream_status: final?.upstream_status ?? null,
    streaming_url: session.streamingUrl,
    result: session.deps.redactor.json(final?.result ?? null),
    response_json: session.deps.redactor.json(final?.response_json ?? null),
    attempts,
    event_count: recorder.eventCount,
    upstream_cancel: parts.upstreamCancel,
    reconciled: final?.reconciled ?? false,
    warnings: recorder.warnings,
    status: result.status,
    error,
  } as RunOutcome;
}

/** ms from t0 to `at`, or null when `at` never happened. */
function since(recorder: SessionRecord['recorder'], at: number | null): number | null {
  return at === null ? null : recorder.offset(at);
}
