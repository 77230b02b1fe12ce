/**
 * How the engine learns a run's upstream id and live-view URL while it executes: from the
 * first event whose payload names them (TinyFish STARTED and RUN_CREATED carry `run_id`,
 * STREAMING_URL carries `streaming_url`; older streams spell them runId / streamingUrl).
 * The id is what makes a crashed run recoverable without a second paid request, so it is
 * stored the moment it arrives rather than with the outcome.
 */
import type { TimedEvent } from '@tfbench/domain/provider';

export interface UpstreamIdentity {
  runId: string | null;
  streamingUrl: string | null;
}

export function upstreamIdentityOf(event: TimedEvent): UpstreamIdentity {
  const { payload } = event;
  return {
    runId: nonEmptyString(payload.run_id ?? payload.runId),
    streamingUrl: nonEmptyString(payload.streaming_url ?? payload.streamingUrl),
  };
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
