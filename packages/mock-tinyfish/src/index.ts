/**
 * @tfbench/mock-tinyfish: a protocol-faithful mock of the TinyFish Automation API with a
 * seeded behaviour model and ground-truth recording. See README.md.
 */

export { type CliFlags, readCliFlags } from './cli-flags.js';
export { epochMsOf, monotonicMs } from './clock.js';
export { Gauge, HttpCounters, Tally } from './counters.js';
export { type DelayDistribution, MAX_DELAY_MS, sampleDelay } from './distributions.js';
export type {
  GroundTruthEvent,
  ResponseTruth,
  RunEndpoint,
  RunGroundTruth,
  RunStatus,
} from './ground-truth.js';
export {
  apiKeyList,
  closeWithGrace,
  failRequest,
  type JsonBody,
  listen,
  type RunningMock,
  readJsonBody,
  type StartedServer,
  safeDecode,
  splitTarget,
  startHttpServer,
} from './http-server.js';
export {
  type BaseRequestContext,
  BodyTooLargeError,
  type CountedRequestContext,
  type RequestLogEntry,
  readBody,
  sendCountedJson,
  writeJson,
} from './http-util.js';
export type { InputIssue } from './issues.js';
export { closeOnSignals, runMockProcess } from './mock-process.js';
export {
  type MatchedRequest,
  type MockHandler,
  type MockRoute,
  mockRequestHandler,
  type OpenedRequest,
  type RequestGate,
} from './mock-route.js';
export {
  DEFAULT_BEHAVIOUR,
  DEFAULT_FAILURES,
  type DelayInput,
  type ErrorCategory,
  type FailureInput,
  type FailureTemplate,
  type FaultKind,
  INJECTED_FAULTS,
  type InjectedFault,
  type MockBehaviour,
  type MockBehaviourInput,
  type MockBehaviourOverrides,
  type OutcomeWeights,
  type RunOutcome,
  type StepCount,
} from './model.js';
export { parseBehaviourInput } from './model-parse.js';
// The seeded generator and the clock are shared with the mock OpenAI server, whose timing
// model needs the same reproducibility and the same monotonic-to-epoch mapping.
export { randomSeed, SeededRandom } from './prng.js';
export { handleMockReset, SeededState } from './seeded-state.js';
export { type MockTinyFish, type MockTinyFishOptions, startMockTinyFish } from './server.js';
export { type MockStats, runCreatingPosts } from './stats.js';
