/**
 * @tfbench/mock-openai: a mock OpenAI-compatible server (chat completions, completions,
 * models) with a seeded timing model, switchable quirks and faults, and ground truth of every
 * frame it sent. See README.md.
 */

export {
  DEFAULT_BEHAVIOUR,
  DEFAULT_QUIRKS,
  FAULT_KINDS,
  type FaultKind,
  type LoadModel,
  type MockOpenAIBehaviour,
  type MockOpenAIBehaviourInput,
  type Quirks,
} from './behaviour.js';
export type {
  FrameKind,
  FrameTruth,
  RequestGroundTruth,
  ResponseTruth,
  TruthSummary,
} from './ground-truth.js';
export { loadMultiplier } from './load.js';
export type { Endpoint, FinishReason } from './plan.js';
export {
  DEFAULT_MODELS,
  type MockModelInput,
  type MockOpenAI,
  type MockOpenAIOptions,
  startMockOpenAI,
} from './server.js';
export type { MockOpenAIStats } from './stats.js';
