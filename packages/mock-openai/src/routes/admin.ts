import { handleMockReset } from '@tfbench/mock-tinyfish';
import { behaviourOverridesSchema } from '../behaviour.js';
import { type RequestContext, sendError, sendJson } from '../http-util.js';
import { badRequest } from '../request-parse.js';
import type { MockState } from '../state.js';

/**
 * The mock's own endpoints under /__mock: ground truth, counters, reset and the runtime
 * behaviour. They need no API key (the mock listens on loopback by default).
 */

/** GET /__mock/stats */
export function handleStats(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, state.stats.snapshot(state.seed));
}

/** GET /__mock/requests/{id}/ground-truth */
export function handleRequestGroundTruth(state: MockState, ctx: RequestContext, id: string): void {
  const truth = state.groundTruth(id);
  if (!truth) {
    sendError(ctx, { ...badRequest('No ground truth for this request id.', 'id'), status: 404 }, 'openai');
    return;
  }
  sendJson(ctx, 200, truth);
}

/** GET /__mock/ground-truth[?since_seq=N]: every stored request with request_seq > N, in order. */
export function handleAllGroundTruth(state: MockState, ctx: RequestContext, query: URLSearchParams): void {
  const raw = query.get('since_seq') ?? '0';
  const since = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(since)) {
    sendError(ctx, badRequest('since_seq must be an integer >= 0.', 'since_seq'), 'openai');
    return;
  }
  sendJson(ctx, 200, { data: state.allGroundTruth(since) });
}

/** POST /__mock/reset [{"seed": n}] (see `handleMockReset`), a bad seed answered as OpenAI's 400. */
export function handleReset(state: MockState, ctx: RequestContext, body: unknown, startSeed: number): void {
  handleMockReset(state, ctx, body, startSeed, () =>
    sendError(ctx, badRequest('seed must be an integer 0..4294967295.', 'seed'), 'openai'),
  );
}

/** GET /__mock/config */
export function handleGetConfig(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, configView(state));
}

/** POST /__mock/config {"behaviour": {...}}: the start behaviour merged with it becomes the server's. */
export function handleSetConfig(state: MockState, ctx: RequestContext, body: unknown): void {
  const raw =
    typeof body === 'object' && body !== null ? (body as { behaviour?: unknown }).behaviour : undefined;
  const parsed = behaviourOverridesSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = ['behaviour', ...issue.path].join('.');
    sendError(ctx, badRequest(`Invalid '${param}': ${issue.message}.`, param), 'openai');
    return;
  }
  state.configure(parsed.data);
  sendJson(ctx, 200, configView(state));
}

function configView(state: MockState): Record<string, unknown> {
  return {
    seed: state.seed,
    auth_required: state.authRequired,
    models: [...state.settings.models.values()],
    behaviour: state.behaviour,
  };
}
