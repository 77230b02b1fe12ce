import type { IncomingMessage } from 'node:http';
import {
  apiKeyList,
  closeWithGrace,
  failRequest,
  type MatchedRequest,
  type MockHandler,
  type MockRoute,
  mockRequestHandler,
  type OpenedRequest,
  type RunningMock,
  randomSeed,
  safeDecode,
  startHttpServer,
} from '@tfbench/mock-tinyfish';
import {
  DEFAULT_BEHAVIOUR,
  type MockOpenAIBehaviourInput,
  mergeBehaviour,
  parseBehaviourOption,
} from './behaviour.js';
import type { RequestGroundTruth } from './ground-truth.js';
import { type RequestContext, sendError } from './http-util.js';
import { badRequest } from './request-parse.js';
import {
  handleAllGroundTruth,
  handleGetConfig,
  handleRequestGroundTruth,
  handleReset,
  handleSetConfig,
  handleStats,
} from './routes/admin.js';
import { handleGeneration } from './routes/generation.js';
import { handleGetModel, handleListModels } from './routes/models.js';
import { keyDigest, type MockModelSpec, MockState } from './state.js';
import type { MockOpenAIStats } from './stats.js';

/** A model to serve: its id, or its id with behaviour of its own. */
export interface MockModelInput {
  id: string;
  owned_by?: string;
  behaviour?: MockOpenAIBehaviourInput;
}

/** The models served when none are given: a plain one and one that reasons before answering. */
export const DEFAULT_MODELS: readonly MockModelInput[] = [
  { id: 'mock-llm' },
  { id: 'mock-reasoner', behaviour: { reasoning_tokens: { dist: 'uniform', min: 16, max: 64 } } },
];

/** Options of {@link startMockOpenAI}. Every field is optional. */
export interface MockOpenAIOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Seed of the behaviour model; default a random one (read it back from `mock.seed`). */
  seed?: number;
  /** When set, every /v1 request needs `Authorization: Bearer <one of these>` (401 otherwise). */
  apiKey?: string | readonly string[];
  /** Models served; requests naming another get 404 `model_not_found`. Default DEFAULT_MODELS. */
  models?: readonly (string | MockModelInput)[];
  /** Server-wide behaviour, same schema as a request's `mock` field. */
  behaviour?: MockOpenAIBehaviourInput;
  /** Larger request bodies get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Ground truth is kept for this many most recent generation requests. Default 10000. */
  maxStoredRequests?: number;
}

/** A running mock OpenAI-compatible server. */
export interface MockOpenAI extends RunningMock<MockOpenAIStats, MockOpenAIBehaviourInput> {
  /** What an OpenAI client takes as its base URL: `${url}/v1`. */
  readonly baseURL: string;
  /** Ground truth of one request by its response id (= `x-request-id`), or undefined. */
  groundTruth(id: string): RequestGroundTruth | undefined;
  /** Ground truth of every stored request with request_seq > sinceSeq, in request order. */
  allGroundTruth(sinceSeq?: number): RequestGroundTruth[];
}

/**
 * Starts a mock OpenAI-compatible server (chat completions, completions, models) on a real
 * node:http server, with a seeded timing model, quirks, faults and ground truth. README.md
 * documents the model.
 *
 * @example
 * const mock = await startMockOpenAI({ seed: 1, apiKey: 'sk-test' });
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL });
 * const stream = await client.chat.completions.create({ model: 'mock-llm', messages, stream: true });
 * // ... read it, then compare with mock.groundTruth(firstChunk.id)
 * await mock.close();
 */
export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const startSeed = options.seed ?? randomSeed();
  const keys = apiKeyList(options.apiKey);
  const models = new Map<string, MockModelSpec>();
  for (const m of options.models ?? DEFAULT_MODELS) {
    const input = typeof m === 'string' ? { id: m } : m;
    models.set(input.id, {
      id: input.id,
      ...(input.owned_by ? { owned_by: input.owned_by } : {}),
      ...(input.behaviour ? { behaviour: parseBehaviourOption(input.behaviour, `models.${input.id}`) } : {}),
    });
  }
  const state = new MockState(
    {
      keyDigests: keys.map(keyDigest),
      models,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      maxStoredRequests: options.maxStoredRequests ?? 10_000,
      baseBehaviour: mergeBehaviour(
        DEFAULT_BEHAVIOUR,
        options.behaviour ? parseBehaviourOption(options.behaviour, 'behaviour') : undefined,
      ),
      createdEpochS: 1_700_000_000,
    },
    startSeed,
  );
  const { server, openResponses, host, port, url } = await startHttpServer(
    options,
    { noDelay: true, keepAliveTimeout: 30_000 },
    mockRequestHandler(
      (method, path) => matchRoute(state, method, path, startSeed),
      (request) => openRequest(state, request),
    ),
    (res, err) =>
      failRequest(res, err, {
        error: { message: 'Internal server error', type: 'server_error', param: null, code: null },
      }),
  );

  return {
    url,
    baseURL: `${url}/v1`,
    host,
    port,
    get seed() {
      return state.seed;
    },
    groundTruth: (id) => state.groundTruth(id),
    allGroundTruth: (sinceSeq) => state.allGroundTruth(sinceSeq ?? 0),
    stats: () => state.stats.snapshot(state.seed),
    configure: (behaviour) => state.configure(parseBehaviourOption(behaviour, 'behaviour')),
    reset: (opts) => state.reset(opts?.seed ?? startSeed),
    close: (opts) => closeWithGrace(server, openResponses, opts?.graceMs ?? 0, () => state.closeAll()),
  };
}

type Handler = MockHandler<RequestContext>;
type Route = MockRoute<RequestContext>;

const MODEL_PATH = /^\/v1\/models\/(.+)$/;
const TRUTH_PATH = /^\/__mock\/requests\/([^/]+)\/ground-truth$/;

function matchRoute(state: MockState, method: string, path: string, startSeed: number): Route | null {
  const route = (label: string, needsBody: boolean, api: boolean, handler: Handler): Route => ({
    label,
    needsBody,
    api,
    handler,
  });
  if (method === 'POST') {
    switch (path) {
      case '/v1/chat/completions':
        return route('POST /v1/chat/completions', true, true, (c, b, t) =>
          handleGeneration(state, c, 'chat', b, t),
        );
      case '/v1/completions':
        return route('POST /v1/completions', true, true, (c, b, t) =>
          handleGeneration(state, c, 'completions', b, t),
        );
      case '/__mock/reset':
        return route('POST /__mock/reset', true, false, (c, b) => handleReset(state, c, b, startSeed));
      case '/__mock/config':
        return route('POST /__mock/config', true, false, (c, b) => handleSetConfig(state, c, b));
    }
    return null;
  }
  if (method === 'GET') {
    switch (path) {
      case '/v1/models':
        return route('GET /v1/models', false, true, (c) => handleListModels(state, c));
      case '/__mock/stats':
        return route('GET /__mock/stats', false, false, (c) => handleStats(state, c));
      case '/__mock/ground-truth':
        return route('GET /__mock/ground-truth', false, false, (c, _b, _t, q) =>
          handleAllGroundTruth(state, c, q),
        );
      case '/__mock/config':
        return route('GET /__mock/config', false, false, (c) => handleGetConfig(state, c));
    }
    const model = MODEL_PATH.exec(path);
    if (model) {
      const id = safeDecode(model[1]!);
      return route('GET /v1/models/{id}', false, true, (c) => handleGetModel(state, c, id));
    }
    const truth = TRUTH_PATH.exec(path);
    if (truth) {
      const id = safeDecode(truth[1]!);
      return route('GET /__mock/requests/{id}/ground-truth', false, false, (c) =>
        handleRequestGroundTruth(state, c, id),
      );
    }
  }
  return null;
}

/** The key a client presented: `Authorization: Bearer KEY`, or Azure's `api-key: KEY`. */
function presentedKey(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m ? m[1]! : null;
  }
  const azure = req.headers['api-key'];
  return typeof azure === 'string' && azure.length > 0 ? azure : null;
}

/** A request's context, counted by route, and the gate answering in the imitated error shape. */
function openRequest(
  state: MockState,
  { req, res, receivedAt, target, route }: MatchedRequest<RequestContext>,
): OpenedRequest<RequestContext> {
  const { method, path } = target;
  const ctx: RequestContext = { req, res, receivedAt, stats: state.stats };
  ctx.stats.request(route?.label ?? 'other');
  const shape = state.behaviour.quirks.error_shape;
  return {
    ctx,
    gate: {
      authRequired: state.authRequired,
      maxBodyBytes: state.settings.maxBodyBytes,
      notFound: (c) =>
        sendError(c, { ...badRequest(`Invalid URL (${method} ${path})`, null), status: 404 }, shape),
      checkKey: (c) => {
        const key = presentedKey(req);
        if (key !== null && state.keyAccepted(key)) return null;
        // The presented key is never echoed: secrets stay out of responses.
        const message =
          key === null
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : 'Incorrect API key provided.';
        return () =>
          sendError(
            c,
            {
              status: 401,
              message,
              type: 'invalid_request_error',
              param: null,
              code: key === null ? null : 'invalid_api_key',
            },
            shape,
          );
      },
      badBody: (c, failure) =>
        failure.reason === 'too-large'
          ? sendError(c, { ...badRequest(failure.message, null), status: 413 }, shape)
          : sendError(
              c,
              badRequest(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
                null,
              ),
              shape,
            ),
    },
  };
}
