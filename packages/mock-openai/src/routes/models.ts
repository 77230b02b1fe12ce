import { type RequestContext, sendError, sendJson } from '../http-util.js';
import type { MockState } from '../state.js';

/** GET /v1/models: the list every OpenAI-compatible server serves (a cheap probe of URL and key). */
export function handleListModels(state: MockState, ctx: RequestContext): void {
  sendJson(ctx, 200, {
    object: 'list',
    data: [...state.settings.models.values()].map((m) => modelObject(state, m.id, m.owned_by)),
  });
}

/** GET /v1/models/{id} */
export function handleGetModel(state: MockState, ctx: RequestContext, id: string): void {
  const spec = state.settings.models.get(id);
  if (!spec) {
    sendError(
      ctx,
      {
        status: 404,
        message: `The model '${id}' does not exist`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
      state.behaviour.quirks.error_shape,
    );
    return;
  }
  sendJson(ctx, 200, modelObject(state, spec.id, spec.owned_by));
}

function modelObject(state: MockState, id: string, ownedBy: string | undefined): Record<string, unknown> {
  return { id, object: 'model', created: state.settings.createdEpochS, owned_by: ownedBy ?? 'tfbench-mock' };
}
