import type { GroundTruthRecorder, RunEndpoint, RunStatus } from './ground-truth.js';
import type { FailureTemplate, MockBehaviour } from './model.js';
import type { RunPlan, SchemaValidation } from './plan.js';

/** One PROGRESS step as kept on the run (served as `steps[]`). */
export interface StepRecord {
  epoch_ms: number;
  action: string;
  /** Time since the previous event of the run, shown as "1.2s". */
  duration_ms: number;
}

/** Server-side state of one run; `wire.ts` turns it into the API's shapes. */
export interface RunRecord {
  run_id: string;
  /** Creation order, breaking created_at ties in listings (many runs share a millisecond). */
  seq: number;
  /** Hash of the API key that created it; runs of other keys are "not found". */
  owner: string | null;
  endpoint: RunEndpoint;
  goal: string;
  url: string | null;
  status: RunStatus;
  created_epoch_ms: number;
  started_epoch_ms: number | null;
  finished_epoch_ms: number | null;
  cancelled_epoch_ms: number | null;
  streaming_url: string | null;
  /** This run's live view page on the mock; `streaming_url` takes it when STREAMING_URL fires. */
  live_view_url: string;
  steps: StepRecord[];
  result: Record<string, unknown> | null;
  error: FailureTemplate | null;
  schema_validation: SchemaValidation | null;
  proxy_enabled: boolean | null;
  proxy_country_code: string | null;
  recording: boolean;
  video_url: string | null;
  behaviour: MockBehaviour;
  plan: RunPlan;
  truth: GroundTruthRecorder;
}

export function isTerminal(status: RunStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
}
