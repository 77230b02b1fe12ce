import { compareEventIds } from './event-ids.js';
import type { BusEvent, DeliveredEvent, EventFilter, ReplayResult } from './types.js';

/** Whether an event passes a subscriber's filter. */
export function matchesFilter(event: BusEvent, filter: EventFilter): boolean {
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.scenario_id !== undefined && event.scenario_id !== filter.scenario_id) return false;
  if (filter.benchmark_id !== undefined && event.benchmark_id !== filter.benchmark_id) return false;
  if (filter.run_id !== undefined && !('run_id' in event && event.run_id === filter.run_id)) return false;
  return true;
}

/**
 * What a replay after `id` returns, from the buffered events (oldest first) either bus holds:
 * those after `id` that pass the filter, complete when the buffer still reaches back to `id`
 * (its oldest event is not newer), so nothing in between was trimmed away.
 */
export function replayFrom(
  buffered: readonly DeliveredEvent[],
  oldestId: string | undefined,
  id: string,
  filter: EventFilter,
): ReplayResult {
  return {
    events: buffered.filter((d) => compareEventIds(d.id, id) > 0 && matchesFilter(d.event, filter)),
    complete: oldestId !== undefined && compareEventIds(oldestId, id) <= 0,
  };
}
