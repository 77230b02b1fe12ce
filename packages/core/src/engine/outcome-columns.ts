/**
 * Turns what a provider (or a reconcile) reports into the runs table's columns: the
 * metrics, the outcome, goal assertions, and the cost and provider figures the provider
 * computed. Pure: no I/O.
 */

import {
  type AssertionOutcome,
  assertionsSchema,
  evaluateAssertions,
  goalSuccess,
} from '@tfbench/domain/assertions';
import type { AssertionResult, InterTokenStats, JsonObject } from '@tfbench/domain/model';
import type { FinalRunStatus, RunMetrics } from '@tfbench/domain/provider';
import type { Summary } from '@tfbench/domain/statistics';
import type { Run, Scenario } from '../db/schema.js';
import { storableJson, storableText } from './storable.js';

type RunColumns = Partial<Omit<Run, 'id' | 'created_at' | 'updated_at'>>;

/** The facts a finished run is recorded from, whichever way they were learned. */
export interface FinishedRunFacts {
  status: FinalRunStatus;
  /** Null figures are stored as null: a figure we could not observe is not 0. */
  metrics: Partial<RunMetrics>;
  error: { code: string; message: string; http_status: number | null } | null;
  /** The provider that executed the run; null when it never reached one. */
  provider: string | null;
  upstream_run_id: string | null;
  /** As the provider priced the run; null when unknown (or nothing was sent). */
  cost_usd: number | null;
  streaming_url: string | null;
  result: unknown;
  response_json: unknown;
  attempts?: Run['attempts'];
  metric_definitions: string | null;
  /**
   * When the request was written (the client's t0, epoch ms); null when no request was sent,
   * undefined when that is not known (a recovered run).
   */
  sent_at_epoch_ms?: number | null;
}

/** Scenario assertions, cost and every outcome column. */
export function finishedRunColumns(facts: FinishedRunFacts, run: Run, scenario: Scenario): RunColumns {
  const m = facts.metrics;
  const steps = m.steps ?? null;
  const numOfSteps = m.num_of_steps ?? null;
  // The upstream's own step count wins over the one counted on the stream.
  const reportedSteps = numOfSteps ?? steps;
  const assertions = checkAssertions(scenario.assertions, {
    status: facts.status,
    result: facts.result,
    output_schema: run.inputs.output_schema,
    total_duration_ms: m.total_duration_ms ?? null,
    steps: reportedSteps,
  });
  const columns: RunColumns = {
    status: facts.status,
    total_duration_ms: m.total_duration_ms ?? null,
    time_to_started_ms: m.time_to_started_ms ?? null,
    time_to_streaming_url_ms: m.time_to_streaming_url_ms ?? null,
    ttft_ms: m.ttft_ms ?? null,
    inter_token_stats: interTokenColumn(m.inter_token_stats ?? null),
    steps,
    heartbeats: m.heartbeats ?? null,
    num_of_steps: numOfSteps,
    server_duration_ms: m.server_duration_ms ?? null,
    // The column holds one figure: the p99 of the event-loop delay while the run was measured.
    event_loop_delay_ms: m.event_loop_delay_ms?.p99 ?? null,
    // Upstream text and JSON, with NUL characters the database would refuse replaced.
    error: storableText(facts.error?.message ?? null),
    error_code: storableText(facts.error?.code ?? null),
    http_status: facts.error?.http_status ?? null,
    result_json: storableJson(facts.result ?? null),
    response_json: storableJson(facts.response_json ?? null),
    assertions_passed: assertions.passed,
    assertion_results: storableJson(assertions.results),
    cost_usd: facts.cost_usd,
    provider_metrics: providerMetricsColumn(m.provider_metrics),
    token_metrics: storableJson(m.token_metrics ?? null),
    token_timeline: storableJson(m.token_timeline ?? null),
    metric_definitions_version: facts.metric_definitions,
  };
  // Identity learned at the end (sync mode) fills the columns; one recorded earlier stays.
  if (facts.provider !== null && run.provider === null) columns.provider = facts.provider;
  if (facts.upstream_run_id !== null && run.upstream_run_id === null)
    columns.upstream_run_id = storableText(facts.upstream_run_id);
  if (facts.streaming_url !== null && run.streaming_url === null)
    columns.streaming_url = storableText(facts.streaming_url);
  if (facts.attempts !== undefined) columns.attempts = storableJson(facts.attempts);
  // The run started when its request was written, not when it was claimed: the claim of an
  // open-arrival run is made ahead of its intended send time, and on a busy process a claim
  // can also wait behind other statements. Schedule lag (actual - intended) and the queue
  // wait from the intended time are therefore measured up to the request itself.
  const sentAt = facts.sent_at_epoch_ms;
  if (typeof sentAt === 'number') {
    // To the nearest millisecond (a Date holds no fraction): truncating would place every
    // send half a millisecond early on average, and one made on its instant before it.
    columns.actual_start_at = new Date(Math.round(sentAt));
    if (run.intended_start_at !== null)
      columns.queue_wait_ms = Math.max(0, sentAt - run.intended_start_at.getTime());
  } else if (sentAt === null && run.intended_start_at !== null) {
    // An arrival claimed ahead of its send time and never sent (dropped, cancelled while it
    // waited): stored as an arrival that never started, so it adds no lag to the schedule.
    columns.started_at = null;
    columns.actual_start_at = null;
    columns.queue_wait_ms = null;
  }
  return columns;
}

/** Stored as the provider gave it; an empty object (a provider without figures) is null. */
function providerMetricsColumn(figures: Record<string, unknown> | undefined): JsonObject | null {
  if (figures === undefined || Object.keys(figures).length === 0) return null;
  return storableJson(figures);
}

function interTokenColumn(stats: Summary | null): InterTokenStats | null {
  return stats === null ? null : { ...stats };
}

/**
 * Goal success: null without assertions (COMPLETED alone says the browser ran, not that the
 * goal was met). Assertions the API would refuse today (saved by an older version) fail
 * with a message rather than being skipped.
 */
function checkAssertions(
  raw: unknown[],
  context: {
    status: FinalRunStatus;
    result: unknown;
    output_schema: unknown;
    total_duration_ms: number | null;
    steps: number | null;
  },
): { passed: boolean | null; results: AssertionResult[] | null } {
  if (raw.length === 0) return { passed: null, results: null };
  const parsed = assertionsSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      passed: false,
      results: raw.map((assertion) => ({
        assertion,
        passed: false,
        message: `invalid assertion: ${parsed.error.issues[0]?.message ?? 'does not match the assertion schema'}`,
      })),
    };
  }
  const evaluation = evaluateAssertions(parsed.data, {
    result: context.result,
    output_schema: context.output_schema,
    total_duration_ms: context.total_duration_ms,
    steps: context.steps,
  });
  return {
    passed: goalSuccess(context.status, evaluation),
    results: evaluation.results.map((outcome: AssertionOutcome) => ({ ...outcome })),
  };
}

/** Facts of a run that ended before any request was made. */
export function notExecuted(status: 'failed' | 'cancelled', code: string, message: string): FinishedRunFacts {
  return {
    status,
    metrics: {},
    error: { code, message, http_status: null },
    provider: null,
    upstream_run_id: null,
    // Nothing was billed: the upstream never saw the run, or settled it without a verdict.
    cost_usd: 0,
    streaming_url: null,
    result: null,
    response_json: null,
    metric_definitions: null,
  };
}

/** Facts of a run its holder ended before sending its request. */
export function notSent(status: 'failed' | 'cancelled', code: string, message: string): FinishedRunFacts {
  return { ...notExecuted(status, code, message), sent_at_epoch_ms: null };
}
