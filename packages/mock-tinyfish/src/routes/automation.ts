import { randomUUID } from 'node:crypto';
import { epochMsOf, monotonicMs } from '../clock.js';
import { GroundTruthRecorder, type RunEndpoint } from '../ground-truth.js';
import { invalidInput, noteStatus, type RequestContext, sendJson } from '../http-util.js';
import { type InputIssue, isPlainObject, typeIssue } from '../issues.js';
import {
  type FaultKind,
  HTTP_FAULTS,
  type MockBehaviour,
  type MockBehaviourOverrides,
  mergeBehaviour,
} from '../model.js';
import { parseBehaviourInput } from '../model-parse.js';
import { drawFault, planRun } from '../plan.js';
import { SeededRandom } from '../prng.js';
import { RunExecution } from '../run-execution.js';
import type { RunRecord } from '../run-record.js';
import type { RunEntry } from '../run-store.js';
import { SseStream } from '../sse-stream.js';
import type { MockState } from '../state.js';
import { type RunRequest, validateRunBody } from '../validation.js';
import { envelope, syncInfrastructureFailureBody, syncRunBody } from '../wire.js';

/** POST /v1/automation/run-sse: the run's events as an SSE stream. */
export function handleRunSse(state: MockState, ctx: RequestContext, body: unknown, parsedAt: number): void {
  const created = createFromBody(state, ctx, body, parsedAt, 'run-sse');
  if (!created) return;
  const { entry, fault } = created;
  const stream = new SseStream(ctx.res, entry.record, fault, state.stats);
  entry.stream = stream;
  entry.execution.sink = stream;
  noteStatus(ctx, 200);
  stream.open();
  entry.execution.start();
}

/** POST /v1/automation/run: blocks until the run ends, then answers with the 8-key run body. */
export function handleRunSync(state: MockState, ctx: RequestContext, body: unknown, parsedAt: number): void {
  const created = createFromBody(state, ctx, body, parsedAt, 'run');
  if (!created) return;
  const { entry, fault } = created;
  const { res } = ctx;
  const truth = entry.record.truth;
  entry.pending = res;
  res.on('close', () => truth.responseEnded(res.writableFinished ? 'complete' : 'client_closed'));
  if (fault === 'hang_after_headers') {
    hang(ctx, entry);
    entry.execution.start();
    return;
  }
  entry.execution.onTerminal(() => {
    if (res.destroyed || res.writableEnded) return;
    if (fault === 'drop_mid_stream') {
      truth.responseEnded('dropped');
      res.destroy();
      return;
    }
    const failed = entry.record.status !== 'COMPLETED';
    const status = failed ? entry.record.behaviour.sync_failure_status : 200;
    truth.headersSent(status);
    sendJson(ctx, status, syncRunBody(entry.record));
  });
  entry.execution.start();
}

/** POST /v1/automation/run-async: creates the run and answers with its id at once. */
export function handleRunAsync(state: MockState, ctx: RequestContext, body: unknown, parsedAt: number): void {
  const created = createFromBody(state, ctx, body, parsedAt, 'run-async');
  if (!created) return;
  const { entry, fault } = created;
  entry.execution.start();
  answerCreated(ctx, entry, fault, { run_id: entry.record.run_id, error: null });
}

/**
 * POST /v1/automation/run-batch: 1-100 runs created atomically (all or none). A top-level
 * `mock` applies to every run, an item's own `mock` on top of it; HTTP faults are drawn once.
 */
export function handleRunBatch(state: MockState, ctx: RequestContext, body: unknown, parsedAt: number): void {
  const issues: InputIssue[] = [];
  const requests: RunRequest[] = [];
  let batchMock: MockBehaviourOverrides = {};
  if (!isPlainObject(body)) issues.push(typeIssue([], 'object', body));
  else if (!Array.isArray(body.runs)) issues.push(typeIssue(['runs'], 'array', body.runs));
  else if (body.runs.length < 1 || body.runs.length > 100)
    issues.push({
      code: body.runs.length < 1 ? 'too_small' : 'too_big',
      path: ['runs'],
      message: 'runs must contain between 1 and 100 items',
    });
  else {
    if (body.mock !== undefined) {
      const top = parseBehaviourInput(body.mock, ['mock']);
      issues.push(...top.issues);
      batchMock = top.value;
    }
    body.runs.forEach((item, i) => {
      const withSchema =
        isPlainObject(item) && body.output_schema !== undefined
          ? { ...item, output_schema: body.output_schema }
          : item;
      const v = validateRunBody(withSchema, state.settings.strict, ['runs', i]);
      issues.push(...v.issues);
      if (v.request) requests.push(v.request);
    });
  }
  if (issues.length > 0) {
    invalidInput(ctx, issues);
    return;
  }

  const batchBehaviour = mergeBehaviour(state.behaviour, batchMock);
  const { rng } = requestGenerator(state, batchBehaviour);
  const fault = resolveFault(state, batchBehaviour, rng, isPlainObject(body) ? body.mock : undefined);
  if (answerHttpFault(ctx, fault, batchBehaviour, 'run-batch')) return;
  const entries = requests.map((request) => {
    const behaviour = mergeBehaviour(batchBehaviour, request.mock);
    // Always one draw per item, so an item with its own seed does not shift the others; a
    // top-level mock.seed seeds the batch generator, not every run alike.
    const drawn = rng.uint32();
    const runSeed = request.mock.seed ?? drawn;
    return createEntry(
      state,
      ctx,
      request,
      behaviour,
      runSeed,
      new SeededRandom(runSeed),
      'none',
      parsedAt,
      'run-batch',
    );
  });
  for (const entry of entries) entry.execution.start();
  answerCreated(ctx, null, fault, { run_ids: entries.map((e) => e.record.run_id), error: null });
}

/** Validates, draws the fault, answers HTTP faults; otherwise creates the run (not yet started). */
function createFromBody(
  state: MockState,
  ctx: RequestContext,
  body: unknown,
  parsedAt: number,
  endpoint: RunEndpoint,
): { entry: RunEntry; fault: FaultKind } | null {
  const { request, issues } = validateRunBody(body, state.settings.strict);
  if (!request) {
    invalidInput(ctx, issues);
    return null;
  }
  const behaviour = mergeBehaviour(state.behaviour, request.mock);
  const { rng, seed } = requestGenerator(state, behaviour);
  const fault = resolveFault(state, behaviour, rng, request.mock_raw);
  if (answerHttpFault(ctx, fault, behaviour, endpoint)) return null;
  const entry = createEntry(state, ctx, request, behaviour, seed, rng, fault, parsedAt, endpoint);
  return { entry, fault };
}

/**
 * The generator of one run-creating request. It always takes one draw from the server
 * sequence, even when the request brings its own seed, so the requests after it keep theirs.
 */
function requestGenerator(state: MockState, behaviour: MockBehaviour): { rng: SeededRandom; seed: number } {
  state.runRequests++;
  const drawn = state.rng.uint32();
  const seed = behaviour.seed ?? drawn;
  return { rng: new SeededRandom(seed), seed };
}

/** Draws the fault and applies `fault_limit` (a forced fault only for the first N requests of its key). */
function resolveFault(state: MockState, b: MockBehaviour, rng: SeededRandom, mockRaw: unknown): FaultKind {
  let fault = drawFault(b, rng);
  if (b.fault !== null && b.fault !== 'none' && b.fault_limit !== null) {
    const key = b.fault_key ?? JSON.stringify(mockRaw ?? null);
    const used = state.faultCounters.get(key) ?? 0;
    if (used >= b.fault_limit) fault = 'none';
    else state.faultCounters.set(key, used + 1);
  }
  if (fault !== 'none') state.stats.fault(fault);
  return fault;
}

/** Answers a fault that stops the run from being created; false when the fault is not one. */
function answerHttpFault(
  ctx: RequestContext,
  fault: FaultKind,
  b: MockBehaviour,
  endpoint: RunEndpoint,
): boolean {
  if (!HTTP_FAULTS.has(fault)) return false;
  ctx.log.fault = fault;
  const retryAfter = { 'Retry-After': String(Math.ceil(b.retry_after_s)) };
  switch (fault) {
    case 'rate_limit':
      sendJson(
        ctx,
        429,
        envelope('RATE_LIMIT_EXCEEDED', `Rate limit exceeded. Retry after ${b.retry_after_s} seconds.`, {
          retry_after: b.retry_after_s,
        }),
        retryAfter,
      );
      break;
    case 'service_busy':
      sendJson(
        ctx,
        503,
        envelope('SERVICE_BUSY', `The service is busy. Retry after ${b.retry_after_s} seconds.`, {
          retry_after: b.retry_after_s,
        }),
        retryAfter,
      );
      break;
    case 'insufficient_credits':
      sendJson(ctx, 403, envelope('INSUFFICIENT_CREDITS', 'Insufficient credits or no active subscription'));
      break;
    default:
      // The blocking endpoint answers 500 with its run-shaped body (OAS example), the others the envelope.
      if (endpoint === 'run') sendJson(ctx, 500, syncInfrastructureFailureBody());
      else sendJson(ctx, 500, envelope('INTERNAL_ERROR', 'Internal server error'));
  }
  return true;
}

function createEntry(
  state: MockState,
  ctx: RequestContext,
  request: RunRequest,
  behaviour: MockBehaviour,
  seed: number,
  rng: SeededRandom,
  fault: FaultKind,
  parsedAt: number,
  endpoint: RunEndpoint,
): RunEntry {
  // The runs open now, this one included, set its slow-down under the behaviour's load model.
  const plan = planRun(behaviour, request, rng, state.stats.inFlight.value + 1);
  const runId = randomUUID();
  const truth = new GroundTruthRecorder(
    {
      run_id: runId,
      endpoint,
      request_seq: state.runRequests,
      seed,
      fault,
      outcome: plan.outcome,
      status: 'PENDING',
      steps_planned: plan.steps,
      behaviour,
    },
    ctx.receivedAt,
    parsedAt,
  );
  const record: RunRecord = {
    run_id: runId,
    seq: ++state.runSeq,
    owner: ctx.owner,
    endpoint,
    goal: request.goal,
    url: request.url,
    status: 'PENDING',
    created_epoch_ms: Math.floor(epochMsOf(monotonicMs())),
    started_epoch_ms: null,
    finished_epoch_ms: null,
    cancelled_epoch_ms: null,
    streaming_url: null,
    live_view_url: `${state.publicUrl}/stream/${encodeURIComponent(runId)}`,
    steps: [],
    result: null,
    error: null,
    schema_validation: null,
    proxy_enabled: request.proxy_enabled,
    proxy_country_code: request.proxy_country_code,
    recording: request.recording,
    video_url: null,
    behaviour,
    plan,
    truth,
  };
  const entry: RunEntry = {
    record,
    execution: new RunExecution(record, parsedAt, state.gate, state.stats),
    stream: null,
    pending: null,
  };
  state.store.add(entry);
  ctx.log.run_id ??= runId;
  if (fault !== 'none') ctx.log.fault = fault;
  return entry;
}

/** The 200 of run-async and run-batch, unless a stream fault says otherwise. */
function answerCreated(ctx: RequestContext, entry: RunEntry | null, fault: FaultKind, body: unknown): void {
  if (fault === 'hang_after_headers') {
    if (entry) entry.pending = ctx.res;
    hang(ctx, entry);
    return;
  }
  if (fault === 'drop_mid_stream') {
    // The run exists but the client never learns its id: the case where re-POSTing would double-bill.
    entry?.record.truth.responseEnded('dropped');
    ctx.res.destroy();
    return;
  }
  entry?.record.truth.headersSent(200);
  sendJson(ctx, 200, body);
  entry?.record.truth.responseEnded('complete');
}

/** Sends 200 headers and then nothing, until the client gives up. */
function hang(ctx: RequestContext, entry: RunEntry | null): void {
  noteStatus(ctx, 200);
  ctx.res.writeHead(200, { 'Content-Type': 'application/json' });
  ctx.res.flushHeaders();
  entry?.record.truth.headersSent(200);
  ctx.res.on('close', () => entry?.record.truth.responseEnded('client_closed'));
}
