/**
 * The contract between the run engine and whatever executes a run upstream (TinyFish
 * first, an OpenAI-compatible streaming endpoint next). Everything here is data: the engine
 * persists these shapes as they are, so field names are the snake_case wire names.
 */
import type { DelaySummary } from '../measurement/index.js';
import type { Summary } from '../statistics/index.js';
import type { TokenMetrics, TokenTimeline } from './token-metrics.js';

/**
 * Version of the metric definitions (docs/metrics.md) that produced an outcome's figures.
 * Stored with every run so a later change of definition never silently mixes two meanings.
 */
export const METRIC_DEFINITIONS_VERSION = 'tfbench-metrics/1';

/** How a run ended, as far as the work under test is concerned. */
export type FinalRunStatus = 'completed' | 'failed' | 'cancelled' | 'timeout';

/**
 * One event of a run's timeline.
 *
 * `at_ms` is measured with one monotonic clock from t0 (immediately before the first
 * request's bytes are written) to the moment the chunk completing this event arrived,
 * before any parsing. `source` separates what the upstream sent from what the client
 * recorded about the exchange (retries, protocol errors, a broken stream, poll results).
 */
export interface TimedEvent {
  /** 1-based position in the run's timeline, in arrival order. */
  seq: number;
  /** The upstream's event type (e.g. STARTED, PROGRESS) or a client event type. */
  type: string;
  /** Monotonic ms since t0, microsecond precision. */
  at_ms: number;
  /** The timestamp the upstream put on the event (ISO 8601), when it sent one. */
  server_timestamp: string | null;
  source: 'upstream' | 'client';
  /** The event as received (JSON object) or the client's description of it. */
  payload: Record<string, unknown>;
}

/** A run's error: a stable `code` plus what the upstream said, kept verbatim. */
export interface RunError {
  /** Stable, documented code (docs/metrics.md, packages/tinyfish/src/errors.ts). */
  code: string;
  /** One human sentence; never contains credentials. */
  message: string;
  /** HTTP status of the response that carried the failure, if one did. */
  http_status: number | null;
  /** The upstream's own code (envelope `error.code` or run `error.code`), verbatim. */
  upstream_code: string | null;
  /** The upstream's own message, verbatim. */
  upstream_message: string | null;
  /** The upstream's failure category (TinyFish: SYSTEM_FAILURE, AGENT_FAILURE, ...). */
  category: string | null;
  /** Seconds the upstream asked us to wait before trying again. */
  retry_after_s: number | null;
  /** Extra structure, e.g. the upstream's validation issues or a network error's cause. */
  details: Record<string, unknown> | null;
}

/** One HTTP attempt at starting the run; retries add more (docs/metrics.md "Retries"). */
export interface RunAttempt {
  /** 1-based. */
  attempt: number;
  /** Wall-clock start of the attempt (ISO 8601), for people reading the record. */
  started_at: string;
  /** Monotonic ms from the run's t0 to this attempt's request. */
  at_ms: number;
  /** Monotonic ms from this attempt's request to its last byte or failure. */
  duration_ms: number;
  http_status: number | null;
  /** Null when this attempt started the run. */
  error_code: string | null;
  error: string | null;
  /** What the upstream asked for (Retry-After and friends), in ms, before capping. */
  retry_after_ms: number | null;
  /** How long the client waited before the next attempt; null for the last attempt. */
  wait_ms: number | null;
}

/**
 * Client-side measurements of one run, in milliseconds from t0 unless the name says
 * otherwise. Definitions, units and edge cases: docs/metrics.md (version
 * {@link METRIC_DEFINITIONS_VERSION}). A figure a mode cannot observe is null, never 0.
 */
export interface RunMetrics {
  /** t0 to the terminal event (or to the failure, timeout or cancellation). */
  total_duration_ms: number;
  /** t0 to the response headers of the attempt that started the run. */
  time_to_headers_ms: number | null;
  /** t0 to the upstream's "run started" signal (TinyFish STARTED). */
  time_to_started_ms: number | null;
  /** t0 to the live-view URL (TinyFish STREAMING_URL). */
  time_to_streaming_url_ms: number | null;
  /** t0 to the first unit of work (TinyFish first PROGRESS; OpenAI first content token). */
  ttft_ms: number | null;
  /** Gaps between consecutive work events and from the last one to completion. */
  inter_token_stats: Summary | null;
  /** Work events counted on the stream (TinyFish PROGRESS). */
  steps: number | null;
  /** Keep-alive events counted on the stream; excluded from every latency figure. */
  heartbeats: number | null;
  /** The upstream's own run duration, from its timestamps. */
  server_duration_ms: number | null;
  /** The step count the upstream reported for the run (TinyFish num_of_steps). */
  num_of_steps: number | null;
  /** t0 to the request of the final attempt: time spent on retries (0 without retries). */
  retry_wait_ms: number;
  /** Event-loop delay of this process while the run was measured. */
  event_loop_delay_ms: DelaySummary | null;
  /**
   * Figures only some providers have (e.g. token counts and tpot_ms for OpenAI-compatible
   * streams), under names that follow the convention docs/metrics.md names for them. The
   * engine stores the object as it is (JSON) without reading it; empty when there are none.
   */
  provider_metrics: Record<string, unknown>;
  /** Token figures of a token-streaming provider (OpenAI-compatible); absent elsewhere. */
  token_metrics?: TokenMetrics | null;
  /** Bounded sample of the token chunks' arrivals, for the run's token timeline. */
  token_timeline?: TokenTimeline | null;
}

/**
 * What identifies a run upstream, reported by the provider the moment it learns either part:
 * the id is what lets a crashed worker's run be reconciled instead of paid for twice.
 */
export interface UpstreamIdentity {
  /** The upstream's id for the run (TinyFish run_id, an OpenAI-compatible completion id). */
  upstream_run_id?: string;
  /** Where the run can be watched live (TinyFish streaming_url). */
  streaming_url?: string;
}

/** Result of asking the upstream to cancel a run. */
export type CancelResult =
  | { state: 'cancelled'; upstream_status: string; message: string | null; response_json: unknown }
  | { state: 'already_finished'; upstream_status: string; message: string | null; response_json: unknown }
  | { state: 'not_found'; error: RunError }
  /** The provider or mode cannot cancel runs (e.g. TinyFish's blocking /run). */
  | { state: 'unsupported'; error: RunError }
  /** The cancel request itself failed (network, auth, timeout). */
  | { state: 'error'; error: RunError };

/** A cancel the client sent on its own after a timeout or an abort, recorded on the outcome. */
export type UpstreamCancel = CancelResult & { reason: 'timeout' | 'abort' };

/** What the upstream says about a run it knows, asked after the fact. */
export type ReconcileResult =
  | {
      state: 'terminal';
      status: Exclude<FinalRunStatus, 'timeout'>;
      upstream_status: string;
      error: RunError | null;
      result: unknown;
      streaming_url: string | null;
      num_of_steps: number | null;
      server_duration_ms: number | null;
      /** What the run cost, as the provider prices it; null when unknown. */
      cost_usd: number | null;
      response_json: unknown;
    }
  | { state: 'in_progress'; upstream_status: string; streaming_url: string | null; response_json: unknown }
  | { state: 'not_found'; error: RunError }
  | { state: 'error'; error: RunError };

interface RunOutcomeCommon {
  /** Provider id, e.g. "tinyfish". */
  provider: string;
  /** The mode the run was executed in, e.g. "sse". */
  mode: string;
  /** {@link METRIC_DEFINITIONS_VERSION} at the time of measurement. */
  metric_definitions: string;
  metrics: RunMetrics;
  /**
   * t0 as epoch milliseconds with sub-millisecond precision, derived from the monotonic
   * clock (its origin + the t0 reading) rather than read from the wall clock: adding an
   * event's at_ms gives the instant its bytes arrived, comparable with other timestamps
   * taken the same way (the mock's ground truth). Null when no request was sent.
   */
  t0_epoch_ms: number | null;
  /** The upstream's id for the run (TinyFish run_id), once known. */
  upstream_run_id: string | null;
  /**
   * What the run cost in USD, as the provider prices it (TinyFish: billed steps x the step
   * price; token-priced endpoints: tokens x their prices). Null when unknown: not 0.
   */
  cost_usd: number | null;
  /** The upstream's final status word, verbatim (e.g. COMPLETED), when it gave one. */
  upstream_status: string | null;
  streaming_url: string | null;
  /** The run's result JSON (TinyFish `result` / `resultJson`). */
  result: unknown;
  /** The final upstream document: COMPLETE event, run object or /run body. */
  response_json: unknown;
  attempts: RunAttempt[];
  /** Events delivered to `onEvent`. */
  event_count: number;
  /** The cancel the client sent after a timeout or abort, if it sent one. */
  upstream_cancel: UpstreamCancel | null;
  /** True when the outcome was learned by asking the upstream after the stream broke. */
  reconciled: boolean;
  /** Things worth knowing that are not errors (e.g. events after the terminal event). */
  warnings: string[];
}

/**
 * How a run ended. `completed` means the upstream finished the run (infrastructure
 * success); whether the goal was met is decided separately by assertions.
 */
export type RunOutcome =
  | (RunOutcomeCommon & { status: 'completed'; error: null })
  | (RunOutcomeCommon & { status: 'failed' | 'cancelled' | 'timeout'; error: RunError });
