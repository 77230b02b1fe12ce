import { generateResult, goalFailureResult, planPurposes, tfApiResult } from './content.js';
import { sampleDelay } from './distributions.js';
import {
  type FailureTemplate,
  type FaultKind,
  INJECTED_FAULTS,
  type LoadModel,
  MAX_STEPS_FAILURE,
  type MockBehaviour,
  type RunOutcome,
} from './model.js';
import type { SeededRandom } from './prng.js';
import type { RunRequest } from './validation.js';

/** SSE event types the mock emits. Heartbeats are not planned: the scheduler adds them. */
export type EventType = 'STARTED' | 'STREAMING_URL' | 'PROGRESS' | 'HEARTBEAT' | 'TF_API_RESULT' | 'COMPLETE';

/** One event of a run's timeline. */
export interface PlannedEvent {
  type: EventType;
  /** Offset in ms from the run's start anchor (request parsed and concurrency slot held). */
  at_ms: number;
  /** PROGRESS: the human-readable purpose. */
  purpose?: string;
  /** PROGRESS before a TF_API_RESULT, and the TF_API_RESULT itself. */
  tinyfish_api?: 'search' | 'fetch';
  /** TF_API_RESULT: the result array. */
  api_result?: unknown[];
}

/** Schema validation report on a run, present when the request had an output_schema. */
export interface SchemaValidation {
  valid: boolean;
  re_prompt_attempts: number;
  errors: { path: string; expected: string; received: string; message: string }[];
}

/** Everything decided up front about a run; the execution only plays it back. */
export interface RunPlan {
  outcome: RunOutcome;
  failure: FailureTemplate | null;
  result: Record<string, unknown> | null;
  schema_validation: SchemaValidation | null;
  /** Number of PROGRESS events. */
  steps: number;
  /** Timeline without heartbeats, sorted by at_ms, ending with COMPLETE. */
  events: PlannedEvent[];
}

/**
 * Draws the fault of one request. Consumes exactly one draw whatever the configuration, so
 * the draws that follow (the plan) do not shift when only the fault settings change.
 */
export function drawFault(b: MockBehaviour, rng: SeededRandom): FaultKind {
  return rng.pickByRates(INJECTED_FAULTS, b.fault_probabilities, b.fault);
}

/**
 * How much slower a run is when it is accepted with `inFlight` runs open (itself included):
 *
 *   multiplier = 1 + max(0, inFlight - knee) / scale
 *
 * the OpenAI mock's model. Every delay of the run's plan is scaled by it, so below the knee a
 * load sweep is flat and beyond it run time grows linearly with the load.
 */
export function loadMultiplier(load: LoadModel | null, inFlight: number): number {
  if (load === null) return 1;
  return 1 + Math.max(0, inFlight - load.knee) / load.scale;
}

/**
 * Plans one run from the resolved behaviour, the validated request and the run's own
 * generator; `inFlight` runs open at acceptance (itself included) slow it by its load model.
 */
export function planRun(b: MockBehaviour, request: RunRequest, rng: SeededRandom, inFlight = 1): RunPlan {
  let outcome = b.outcome ?? drawOutcome(b, rng);
  let steps = typeof b.steps === 'number' ? b.steps : rng.int(b.steps.min, b.steps.max);
  let failure: FailureTemplate | null = null;
  if (request.max_steps !== null && steps > request.max_steps && outcome === 'COMPLETED') {
    steps = request.max_steps;
    outcome = 'FAILED';
    failure = MAX_STEPS_FAILURE;
  } else if (outcome === 'FAILED') {
    failure = b.failure ?? rng.pick(b.failures);
  }

  const events: PlannedEvent[] = [];
  let cursor = sampleDelay(b.started_delay_ms, rng);
  events.push({ type: 'STARTED', at_ms: cursor });
  if (b.streaming_url) {
    cursor += sampleDelay(b.streaming_url_delay_ms, rng);
    events.push({ type: 'STREAMING_URL', at_ms: cursor });
  }
  // Gaps are drawn first so that a TF_API_RESULT can sit halfway through the gap that follows its PROGRESS.
  const gaps: number[] = [];
  for (let i = 0; i < steps; i++) gaps.push(sampleDelay(b.step_delay_ms, rng));
  gaps.push(sampleDelay(b.complete_delay_ms ?? b.step_delay_ms, rng));
  const purposes = planPurposes(steps, request.url, rng);
  const apiSteps = tfApiStepIndices(Math.min(b.tf_api_results, steps), steps);
  for (let i = 0; i < steps; i++) {
    cursor += gaps[i]!;
    const progress: PlannedEvent = { type: 'PROGRESS', at_ms: cursor, purpose: purposes[i]! };
    events.push(progress);
    if (apiSteps.has(i)) {
      const api = rng.chance(0.5) ? 'search' : 'fetch';
      progress.tinyfish_api = api;
      events.push({
        type: 'TF_API_RESULT',
        at_ms: cursor + gaps[i + 1]! / 2,
        tinyfish_api: api,
        api_result: tfApiResult(api, rng, request.url),
      });
    }
  }
  cursor += gaps[steps]!;
  events.push({ type: 'COMPLETE', at_ms: cursor });
  // Scaled after drawing, so a run's random draws are the same at any load.
  const multiplier = loadMultiplier(b.load, inFlight);
  if (multiplier !== 1) for (const event of events) event.at_ms *= multiplier;

  let result: Record<string, unknown> | null = null;
  let schemaValidation: SchemaValidation | null = null;
  if (outcome === 'COMPLETED') {
    const goalFailed = rng.chance(b.goal_failure_probability);
    result =
      b.result ??
      (goalFailed
        ? goalFailureResult(rng)
        : generateResult(rng, request.goal, request.url, request.output_schema));
    if (request.has_output_schema) schemaValidation = validationReport(goalFailed && b.result === null);
  }
  return { outcome, failure, result, schema_validation: schemaValidation, steps, events };
}

function drawOutcome(b: MockBehaviour, rng: SeededRandom): RunOutcome {
  const w = b.outcome_probabilities;
  const u = rng.next() * (w.completed + w.failed + w.cancelled);
  if (u < w.completed) return 'COMPLETED';
  if (u < w.completed + w.failed) return 'FAILED';
  return 'CANCELLED';
}

/** Spreads `count` API calls evenly over the steps. */
function tfApiStepIndices(count: number, steps: number): Set<number> {
  const out = new Set<number>();
  for (let j = 0; j < count; j++) out.add(Math.floor(((j + 0.5) * steps) / count));
  return out;
}

function validationReport(mismatch: boolean): SchemaValidation {
  if (!mismatch) return { valid: true, re_prompt_attempts: 0, errors: [] };
  return {
    valid: false,
    re_prompt_attempts: 2,
    errors: [
      {
        path: '',
        expected: 'object matching output_schema',
        received: 'object',
        message: 'Result does not match the output schema',
      },
    ],
  };
}
