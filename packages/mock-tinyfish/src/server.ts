import { epochMsOf } from './clock.js';
import type { RunGroundTruth } from './ground-truth.js';
import {
  apiKeyList,
  closeWithGrace,
  failRequest,
  type RunningMock,
  safeDecode,
  startHttpServer,
} from './http-server.js';
import { type RequestContext, type RequestLogEntry, sendJson } from './http-util.js';
import {
  type MatchedRequest,
  type MockHandler,
  type MockRoute,
  mockRequestHandler,
  type OpenedRequest,
} from './mock-route.js';
import { DEFAULT_BEHAVIOUR, type MockBehaviourInput, mergeBehaviour } from './model.js';
import { assertBehaviourInput } from './model-parse.js';
import { randomSeed } from './prng.js';
import {
  handleAllGroundTruth,
  handleGetConfig,
  handleRequestLog,
  handleReset,
  handleRunGroundTruth,
  handleSetConfig,
  handleStats,
} from './routes/admin.js';
import { handleRunAsync, handleRunBatch, handleRunSse, handleRunSync } from './routes/automation.js';
import { handleLiveViewPage, handleLiveViewState } from './routes/live-view.js';
import {
  handleBatchCancel,
  handleBatchGet,
  handleCancelRun,
  handleGetRun,
  handleListRuns,
} from './routes/runs.js';
import { keyDigest, MockState, stopEntry } from './state.js';
import type { MockStats } from './stats.js';
import { envelope } from './wire.js';

/** Options of {@link startMockTinyFish}. Every field is optional. */
export interface MockTinyFishOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Seed of the behaviour model; default a random one (read it back from `server.seed`). */
  seed?: number;
  /** When set, every /v1 request needs `X-API-Key` equal to one of these (401 otherwise). */
  apiKey?: string | readonly string[];
  /** Validate url and goal like the real API (default false: lenient, the product's mock mode). */
  strict?: boolean;
  /** Server-wide behaviour model, same schema as the per-request `mock` object. */
  model?: MockBehaviourInput;
  /** Runs beyond this many at once stay PENDING until a slot frees (as the real API queues). Default unlimited. */
  concurrencyLimit?: number | null;
  /** Oldest terminal runs are forgotten beyond this many. Default 100000. */
  maxStoredRuns?: number;
  /** Larger request bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Entries kept in the request log. Default 10000. */
  requestLogSize?: number;
}

/** A running mock TinyFish server. */
export interface MockTinyFish extends RunningMock<MockStats, MockBehaviourInput> {
  /** Ground truth of one run, or undefined for an unknown id. */
  groundTruth(runId: string): RunGroundTruth | undefined;
  /** Ground truth of every stored run, in request order. */
  allGroundTruth(): RunGroundTruth[];
  /** The request log, oldest first. */
  requests(): RequestLogEntry[];
}

/**
 * Starts a protocol-faithful mock of the TinyFish Automation API on a real node:http server.
 *
 * @example
 * const mock = await startMockTinyFish({ seed: 1, strict: true, model: { steps: 3 } });
 * const res = await fetch(`${mock.url}/v1/automation/run-sse`, {
 *   method: 'POST',
 *   body: JSON.stringify({ url: 'https://example.com', goal: 'Find the title', mock: { outcome: 'FAILED' } }),
 * });
 * // ... read the stream, then compare with mock.groundTruth(runId)
 * await mock.close();
 */
export async function startMockTinyFish(options: MockTinyFishOptions = {}): Promise<MockTinyFish> {
  const startSeed = options.seed ?? randomSeed();
  const keys = apiKeyList(options.apiKey);
  const state = new MockState(
    {
      strict: options.strict ?? false,
      keyDigests: keys.map(keyDigest),
      concurrencyLimit: options.concurrencyLimit ?? null,
      maxStoredRuns: options.maxStoredRuns ?? 100_000,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      requestLogSize: options.requestLogSize ?? 10_000,
      baseBehaviour: mergeBehaviour(
        DEFAULT_BEHAVIOUR,
        options.model ? assertBehaviourInput(options.model, 'model') : undefined,
      ),
    },
    startSeed,
  );
  const { server, openResponses, host, port, url } = await startHttpServer(
    options,
    { noDelay: true },
    mockRequestHandler(
      (method, path) => matchRoute(state, method, path, startSeed),
      (request) => openRequest(state, request),
    ),
    (res, err) => failRequest(res, err, envelope('INTERNAL_ERROR', 'Internal server error')),
  );
  state.publicUrl = url;

  return {
    url: state.publicUrl,
    host,
    port,
    get seed() {
      return state.seed;
    },
    groundTruth: (runId) => {
      const entry = state.store.getAny(runId);
      return entry ? state.groundTruth(entry) : undefined;
    },
    allGroundTruth: () =>
      [...state.store.values()]
        .map((e) => state.groundTruth(e))
        .sort((a, b) => a.request_seq - b.request_seq),
    stats: () => state.snapshotStats(),
    requests: () => [...state.requestLog],
    configure: (model) => state.configure(assertBehaviourInput(model, 'model')),
    reset: (opts) => state.reset(opts?.seed ?? startSeed),
    close: (opts) =>
      closeWithGrace(server, openResponses, opts?.graceMs ?? 0, () => {
        for (const entry of state.store.values()) stopEntry(entry);
      }),
  };
}

const RUN_ID_PATH = /^\/v1\/runs\/([^/]+)$/;
const CANCEL_PATH = /^\/v1\/runs\/([^/]+)\/cancel$/;
const GROUND_TRUTH_PATH = /^\/__mock\/runs\/([^/]+)\/ground-truth$/;
const LIVE_VIEW_PATH = /^\/stream\/([^/]+)\/?$/;
const LIVE_VIEW_STATE_PATH = /^\/stream\/([^/]+)\/state$/;

type Handler = MockHandler<RequestContext>;
type Route = MockRoute<RequestContext>;

/** Maps method + path to a route; null when nothing matches. */
function matchRoute(state: MockState, method: string, path: string, startSeed: number): Route | null {
  const api = (label: string, needsBody: boolean, handler: Handler): Route => ({
    label,
    needsBody,
    api: true,
    handler,
  });
  const admin = (label: string, needsBody: boolean, handler: Handler): Route => ({
    label,
    needsBody,
    api: false,
    handler,
  });
  if (method === 'POST') {
    switch (path) {
      case '/v1/automation/run-sse':
        return api('POST /v1/automation/run-sse', true, (c, b, t) => handleRunSse(state, c, b, t));
      case '/v1/automation/run':
        return api('POST /v1/automation/run', true, (c, b, t) => handleRunSync(state, c, b, t));
      case '/v1/automation/run-async':
        return api('POST /v1/automation/run-async', true, (c, b, t) => handleRunAsync(state, c, b, t));
      case '/v1/automation/run-batch':
        return api('POST /v1/automation/run-batch', true, (c, b, t) => handleRunBatch(state, c, b, t));
      case '/v1/runs/batch':
        return api('POST /v1/runs/batch', true, (c, b) => handleBatchGet(state, c, b));
      case '/v1/runs/batch/cancel':
        return api('POST /v1/runs/batch/cancel', true, (c, b) => handleBatchCancel(state, c, b));
      case '/__mock/reset':
        return admin('POST /__mock/reset', true, (c, b) => handleReset(state, c, b, startSeed));
      case '/__mock/config':
        return admin('POST /__mock/config', true, (c, b) => handleSetConfig(state, c, b));
    }
    const cancel = CANCEL_PATH.exec(path);
    if (cancel) {
      const id = safeDecode(cancel[1]!);
      return api('POST /v1/runs/{id}/cancel', false, (c) => handleCancelRun(state, c, id));
    }
    return null;
  }
  if (method === 'GET') {
    switch (path) {
      case '/v1/runs':
        return api('GET /v1/runs', false, (c, _b, _t, q) => handleListRuns(state, c, q));
      case '/__mock/stats':
        return admin('GET /__mock/stats', false, (c) => handleStats(state, c));
      case '/__mock/ground-truth':
        return admin('GET /__mock/ground-truth', false, (c, _b, _t, q) => handleAllGroundTruth(state, c, q));
      case '/__mock/requests':
        return admin('GET /__mock/requests', false, (c) => handleRequestLog(state, c));
      case '/__mock/config':
        return admin('GET /__mock/config', false, (c) => handleGetConfig(state, c));
    }
    const run = RUN_ID_PATH.exec(path);
    if (run) {
      const id = safeDecode(run[1]!);
      return api('GET /v1/runs/{id}', false, (c, _b, _t, q) => handleGetRun(state, c, id, q));
    }
    // The live view, like the real viewer link, needs no API key.
    const liveView = LIVE_VIEW_PATH.exec(path);
    if (liveView) {
      const id = safeDecode(liveView[1]!);
      return admin('GET /stream/{id}', false, (c) => handleLiveViewPage(state, c, id));
    }
    const liveState = LIVE_VIEW_STATE_PATH.exec(path);
    if (liveState) {
      const id = safeDecode(liveState[1]!);
      return admin('GET /stream/{id}/state', false, (c) => handleLiveViewState(state, c, id));
    }
    const truth = GROUND_TRUTH_PATH.exec(path);
    if (truth) {
      const id = safeDecode(truth[1]!);
      return admin('GET /__mock/runs/{id}/ground-truth', false, (c) => handleRunGroundTruth(state, c, id));
    }
  }
  return null;
}

/** A request's context, logged and counted, and the gate answering in TinyFish's error envelope. */
function openRequest(
  state: MockState,
  { req, res, receivedAt, target, route }: MatchedRequest<RequestContext>,
): OpenedRequest<RequestContext> {
  const { method, path } = target;
  const log: RequestLogEntry = {
    seq: ++state.requestSeq,
    received_epoch_ms: epochMsOf(receivedAt),
    method,
    path,
    route: route?.label ?? 'other',
    status: null,
    fault: null,
    run_id: null,
  };
  state.logRequest(log);
  state.stats.request(log.route);
  const ctx: RequestContext = { req, res, receivedAt, owner: null, log, stats: state.stats };
  return {
    ctx,
    gate: {
      authRequired: state.authRequired,
      maxBodyBytes: state.settings.maxBodyBytes,
      notFound: (c) => sendJson(c, 404, envelope('NOT_FOUND', `No route for ${method} ${path}`)),
      checkKey: (c) => {
        const presented = req.headers['x-api-key'];
        if (typeof presented !== 'string' || presented.length === 0)
          return () => sendJson(c, 401, envelope('MISSING_API_KEY', 'X-API-Key header is required'));
        const owner = state.ownerOf(presented);
        if (owner === undefined)
          return () => sendJson(c, 401, envelope('INVALID_API_KEY', 'Invalid or expired API key'));
        c.owner = owner;
        return null;
      },
      badBody: (c, failure) =>
        failure.reason === 'too-large'
          ? sendJson(c, 413, envelope('INVALID_INPUT', failure.message))
          : sendJson(c, 400, envelope('INVALID_INPUT', 'Request body is not valid JSON')),
    },
  };
}
