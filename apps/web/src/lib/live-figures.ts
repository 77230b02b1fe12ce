import type { RunDetail } from '@tfbench/contract';

/** The figures of a run that its stored events already tell, before the run's outcome is written. */
export interface LiveFigures {
  time_to_started_ms: number | null;
  time_to_streaming_url_ms: number | null;
  ttft_ms: number | null;
  steps: number | null;
  heartbeats: number | null;
  streaming_url: string | null;
}

function urlOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  // TinyFish spells it streaming_url; older streams streamingUrl.
  const url = p.streaming_url ?? p.streamingUrl;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

/**
 * A run's figures with the gaps filled from its events while it is in flight: the worker
 * writes the measured figures only when the run finishes, but STARTED, STREAMING_URL and each
 * PROGRESS arrive (with their offset from t0) long before that. The same definitions as the
 * engine's (docs/metrics.md): the first event of each type; PROGRESS and HEARTBEAT counted.
 * A figure the run already has always wins.
 *
 * @example
 * liveFigures(run).time_to_started_ms; // 212.4, from the STARTED event
 */
export function liveFigures(run: Pick<RunDetail, keyof LiveFigures | 'events'>): LiveFigures {
  const events = run.events ?? [];
  const first = (type: string) => events.find((e) => e.type === type);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  const streamed = events.length > 0;
  const streamingEvent = first('STREAMING_URL');
  return {
    time_to_started_ms: run.time_to_started_ms ?? first('STARTED')?.at_ms ?? null,
    time_to_streaming_url_ms: run.time_to_streaming_url_ms ?? streamingEvent?.at_ms ?? null,
    ttft_ms: run.ttft_ms ?? first('PROGRESS')?.at_ms ?? null,
    steps: run.steps ?? (streamed ? count('PROGRESS') : null),
    heartbeats: run.heartbeats ?? (streamed ? count('HEARTBEAT') : null),
    streaming_url: run.streaming_url ?? (streamingEvent ? urlOf(streamingEvent.payload) : null),
  };
}
