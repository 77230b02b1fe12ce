/**
 * Figures of a TinyFish run whose worker died, rebuilt from the events it had stored. Offsets
 * from t0 survive (they were measured by the dead worker's clock and stored as at_ms); the end
 * of the run was never seen by any client, so total_duration_ms and inter_token_stats (whose
 * last gap ends at COMPLETE) stay null rather than being guessed.
 */
import type { RunMetrics, StoredEventStamp } from '@tfbench/domain/provider';

export function metricsFromStoredEvents(events: readonly StoredEventStamp[]): Partial<RunMetrics> {
  const firstAt = (type: string): number | null => events.find((e) => e.type === type)?.at_ms ?? null;
  const count = (type: string): number => events.filter((e) => e.type === type).length;
  return {
    time_to_started_ms: firstAt('STARTED'),
    time_to_streaming_url_ms: firstAt('STREAMING_URL'),
    ttft_ms: firstAt('PROGRESS'),
    steps: count('PROGRESS'),
    heartbeats: count('HEARTBEAT'),
  };
}
