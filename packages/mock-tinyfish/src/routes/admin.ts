import { invalidInput, type RequestContext, sendJson } from '../http-util.js';
import { isPlainObject } from '../issues.js';
import { parseBehaviourInput } from '../model-parse.js';
import { handleMockReset } from '../seeded-state.js';
import type { MockState } from '../state.js';
import { envelope } from '../wire.js';

/**
 * The mock's own endpoints under /__mock: ground truth, counters, request log, reset and
 * runtime model. They need no API key (the mock listens on loopback by default).
 */

/** GET /__mock/stats */
export function handleStats(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, state.snapshotStats());
}

/** GET /__mock/runs/{id}/ground-truth */
export function handleRunGroundTruth(state: MockState, ctx: RequestContext, id: string): void {
  const entry = state.store.getAny(id);
  if (!entry) {
    sendJson(ctx, 404, envelope('NOT_FOUND', 'No ground truth for this run id'));
    return;
  }
  sendJson(ctx, 200, state.groundTruth(entry));
}

/** GET /__mock/ground-truth[?since_seq=N]: every stored run with request_seq > N, in request order. */
export function handleAllGroundTruth(state: MockState, ctx: RequestContext, query: URLSearchParams): void {
  const since = Number(query.get('since_seq') ?? '0');
  if (!Number.isInteger(since) || since < 0) {
    invalidInput(ctx, [
      { code: 'invalid_value', path: ['since_seq'], message: 'since_seq must be an integer >= 0' },
    ]);
    return;
  }
  const data = [];
  for (const entry of state.store.values()) {
    if (entry.record.truth.data.request_seq > since) data.push(state.groundTruth(entry));
  }
  data.sort((a, b) => a.request_seq - b.request_seq);
  sendJson(ctx, 200, { data });
}

/** GET /__mock/requests: the request log, oldest first. */
export function handleRequestLog(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, { data: state.requestLog });
}

/** POST /__mock/reset [{"seed": n}] (see `handleMockReset`), a bad seed answered as an input issue. */
export function handleReset(state: MockState, ctx: RequestContext, body: unknown, startSeed: number): void {
  handleMockReset(state, ctx, body, startSeed, () =>
    invalidInput(ctx, [
      { code: 'invalid_value', path: ['seed'], message: 'seed must be an integer 0..4294967295' },
    ]),
  );
}

/** GET /__mock/config */
export function handleGetConfig(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, configView(state));
}

/** POST /__mock/config {"model": {...}}: the start model merged with `model` becomes the server model. */
export function handleSetConfig(state: MockState, ctx: RequestContext, body: unknown): void {
  const model = isPlainObject(body) ? body.model : undefined;
  const { value, issues } = parseBehaviourInput(model, ['model']);
  if (issues.length > 0) {
    invalidInput(ctx, issues);
    return;
  }
  state.configure(value);
  sendJson(ctx, 200, configView(state));
}

function configView(state: MockState): Record<string, unknown> {
  return {
    seed: state.seed,
    strict: state.settings.strict,
    auth_required: state.authRequired,
    concurrency_limit: state.settings.concurrencyLimit,
    behaviour: state.behaviour,
  };
}
