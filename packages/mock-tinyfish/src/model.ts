import type { DelayDistribution } from './distributions.js';

/**
 * The behaviour model of the mock: everything that decides how a run looks on the wire.
 *
 * One schema serves three places: the server-wide model (`startMockTinyFish({ model })`, CLI
 * `--model`), the per-request `mock` object in a run-creation body, and the ground truth
 * (which echoes the resolved model of each run). Keys are snake_case because the object
 * travels as JSON. A request's `mock` object is merged key by key over the server model
 * (each key replaced whole, nested objects included). See README.md for the full contract.
 */
export interface MockBehaviour {
  /** Delay from the moment the run may start (request parsed, concurrency slot held) to STARTED. */
  started_delay_ms: DelayDistribution;
  /** Whether a STREAMING_URL event is sent (and `streaming_url` set on the run). */
  streaming_url: boolean;
  /** Delay from STARTED to STREAMING_URL. */
  streaming_url_delay_ms: DelayDistribution;
  /** Number of PROGRESS events: a fixed count or a uniform integer range (inclusive). */
  steps: StepCount;
  /** Gap before each PROGRESS (from STREAMING_URL, or STARTED without it, then from the previous PROGRESS). */
  step_delay_ms: DelayDistribution;
  /** Gap from the last PROGRESS to COMPLETE; null means `step_delay_ms`. */
  complete_delay_ms: DelayDistribution | null;
  /** A HEARTBEAT every this many ms after the stream opens, until COMPLETE; 0 disables them. */
  heartbeat_interval_ms: number;
  /** Forced outcome; null draws one from `outcome_probabilities`. */
  outcome: RunOutcome | null;
  /** Relative weights of the outcomes (need not sum to 1). */
  outcome_probabilities: OutcomeWeights;
  /** Forced failure for FAILED runs; null picks one of `failures` at random. */
  failure: FailureTemplate | null;
  /** The failures a FAILED run picks from. */
  failures: FailureTemplate[];
  /** COMPLETE.error as a RunError object (current SDK) or as a string with top-level help_* (OAS). */
  complete_error_format: 'object' | 'string';
  /** Chance that a COMPLETED run's result reports the goal itself failed ({status:"failure", reason}). */
  goal_failure_probability: number;
  /** Fixed result object for COMPLETED runs; null generates a plausible one from the goal. */
  result: Record<string, unknown> | null;
  /** SSE field spelling: snake (run_id/streaming_url/result) or camel (runId/streamingUrl/resultJson). */
  spelling: 'snake' | 'camel';
  /** SSE line ending: `\n` or `\r\n` (both the data line and the blank line). */
  line_ending: 'lf' | 'crlf';
  /** Number of TF_API_RESULT events, each following a PROGRESS that carries `tinyfish_api`. */
  tf_api_results: number;
  /** HTTP status of a FAILED blocking /run response: 500 per the OpenAPI spec, 200 per the docs. */
  sync_failure_status: 200 | 500;
  /** Forced fault; null draws from `fault_probabilities`; 'none' forces no fault. */
  fault: FaultKind | null;
  /** Probability of each fault per run-creation request (the sum must be <= 1). */
  fault_probabilities: Partial<Record<InjectedFault, number>>;
  /** Apply the forced `fault` only to the first N requests sharing `fault_key`; null = always. */
  fault_limit: number | null;
  /** Counter key for `fault_limit`; null uses the request's whole `mock` object as the key. */
  fault_key: string | null;
  /** Seconds in `Retry-After` and `error.retry_after` of 429 and 503 faults. */
  retry_after_s: number;
  /** drop_mid_stream: SSE frames written before the socket is destroyed. */
  drop_after_events: number;
  /** malformed_frame: SSE frames written before the bad frame. */
  malformed_after_events: number;
  /** runaway_line: SSE frames written before the long line. */
  runaway_after_events: number;
  /** runaway_line: length in bytes of the long `data:` line, without its line ending (>= 1024). */
  runaway_line_bytes: number;
  /** Seed for this run alone (per request); null derives it from the server's seeded sequence. */
  seed: number | null;
  /** Slow-down under load (loadMultiplier in plan.ts); null: runs take as long at any load. */
  load: LoadModel | null;
}

/** Linear slow-down beyond a knee, as the OpenAI mock's: see loadMultiplier in plan.ts. */
export interface LoadModel {
  /** Runs in flight up to which nothing slows down. */
  knee: number;
  /** Every `scale` runs in flight beyond the knee add 1x to every delay of a new run. */
  scale: number;
}

/** A delay as written in JSON: a number is shorthand for `{ dist: 'fixed', value }`. */
export type DelayInput = number | DelayDistribution;

/** A failure as written in JSON: only `message` is required (defaults: task_failed, AGENT_FAILURE, null). */
export interface FailureInput {
  message: string;
  code?: string;
  category?: ErrorCategory;
  retry_after?: number | null;
  help_url?: string;
  help_message?: string;
}

/**
 * The shape of the per-request `mock` object and of the server-wide `model` option: any subset
 * of MockBehaviour, with the JSON shorthands (numbers for delays, partial failures and weights).
 */
export type MockBehaviourInput = Partial<
  Omit<
    MockBehaviour,
    | 'started_delay_ms'
    | 'streaming_url_delay_ms'
    | 'step_delay_ms'
    | 'complete_delay_ms'
    | 'failure'
    | 'failures'
    | 'outcome_probabilities'
  >
> & {
  started_delay_ms?: DelayInput;
  streaming_url_delay_ms?: DelayInput;
  step_delay_ms?: DelayInput;
  complete_delay_ms?: DelayInput | null;
  failure?: FailureInput | null;
  failures?: FailureInput[];
  outcome_probabilities?: Partial<OutcomeWeights>;
};

/** A validated, normalised subset of MockBehaviour (what the parser returns and merging takes). */
export type MockBehaviourOverrides = Partial<MockBehaviour>;

export type RunOutcome = 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type StepCount = number | { min: number; max: number };
export interface OutcomeWeights {
  completed: number;
  failed: number;
  cancelled: number;
}

export type ErrorCategory = 'SYSTEM_FAILURE' | 'AGENT_FAILURE' | 'BILLING_FAILURE' | 'UNKNOWN';

/** A run-level error (the API's RunError). `code` is lowercase, as the run-level codes are. */
export interface FailureTemplate {
  code: string;
  message: string;
  category: ErrorCategory;
  retry_after: number | null;
  help_url?: string;
  help_message?: string;
}

/** Faults a request can be given. HTTP-level ones stop the run from being created. */
export const INJECTED_FAULTS = [
  'rate_limit',
  'service_busy',
  'insufficient_credits',
  'internal_error',
  'hang_after_headers',
  'drop_mid_stream',
  'malformed_frame',
  'runaway_line',
] as const;
export type InjectedFault = (typeof INJECTED_FAULTS)[number];
export type FaultKind = InjectedFault | 'none';

/** Faults answered before any run exists (no run id, nothing billed). */
export const HTTP_FAULTS: ReadonlySet<FaultKind> = new Set([
  'rate_limit',
  'service_busy',
  'insufficient_credits',
  'internal_error',
]);

const HELP_URL = 'https://docs.tinyfish.ai/prompting-guide';
const HELP_MESSAGE = 'Need help? Check out our goal prompting guide for tips and examples.';

/** The failures a FAILED run picks from unless configured otherwise. */
export const DEFAULT_FAILURES: readonly FailureTemplate[] = [
  {
    code: 'service_busy',
    message: 'Browser crashed during execution',
    category: 'SYSTEM_FAILURE',
    retry_after: 60,
    help_url: HELP_URL,
    help_message: HELP_MESSAGE,
  },
  {
    code: 'site_blocked',
    message: 'The site blocked the agent with an access-denied page',
    category: 'AGENT_FAILURE',
    retry_after: null,
    help_url: HELP_URL,
    help_message: HELP_MESSAGE,
  },
  {
    code: 'task_failed',
    message: 'The agent could not find the requested information on the page',
    category: 'AGENT_FAILURE',
    retry_after: null,
    help_url: HELP_URL,
    help_message: HELP_MESSAGE,
  },
  {
    code: 'timeout',
    message: 'The run exceeded its time budget',
    category: 'SYSTEM_FAILURE',
    retry_after: 30,
  },
];

/** The failure used when a request's agent_config.max_steps is below the planned step count. */
export const MAX_STEPS_FAILURE: FailureTemplate = {
  code: 'max_steps_exceeded',
  message: 'The agent reached max_steps before completing the goal',
  category: 'AGENT_FAILURE',
  retry_after: null,
  help_url: HELP_URL,
  help_message: HELP_MESSAGE,
};

/**
 * Defaults chosen to look like a short real run (seconds, not the 15-60 s of production, so
 * the product's mock mode stays pleasant) with the documented event order and a low failure rate.
 */
export const DEFAULT_BEHAVIOUR: MockBehaviour = {
  started_delay_ms: { dist: 'lognormal', median: 400, sigma: 0.4, max: 5000 },
  streaming_url: true,
  streaming_url_delay_ms: { dist: 'uniform', min: 200, max: 800 },
  steps: { min: 3, max: 8 },
  step_delay_ms: { dist: 'lognormal', median: 1500, sigma: 0.5, max: 15000 },
  complete_delay_ms: null,
  heartbeat_interval_ms: 10000,
  outcome: null,
  outcome_probabilities: { completed: 0.92, failed: 0.08, cancelled: 0 },
  failure: null,
  failures: [...DEFAULT_FAILURES],
  complete_error_format: 'object',
  goal_failure_probability: 0,
  result: null,
  spelling: 'snake',
  line_ending: 'lf',
  tf_api_results: 0,
  sync_failure_status: 500,
  fault: null,
  fault_probabilities: {},
  fault_limit: null,
  fault_key: null,
  retry_after_s: 1,
  drop_after_events: 3,
  malformed_after_events: 2,
  runaway_after_events: 2,
  runaway_line_bytes: 2 * 1024 * 1024,
  seed: null,
  load: null,
};

/** Later layers win key by key; a key's value is replaced whole, never deep-merged. */
export function mergeBehaviour(
  base: MockBehaviour,
  ...layers: (MockBehaviourOverrides | undefined)[]
): MockBehaviour {
  // Most requests carry no `mock` object: share the base rather than copy it per run.
  if (layers.every((l) => !l || Object.keys(l).length === 0)) return base;
  const out: MockBehaviour = { ...base };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(layer) as (keyof MockBehaviour)[]) {
      const value = layer[key];
      if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
