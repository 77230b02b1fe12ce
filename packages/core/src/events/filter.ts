import type { BusEvent, EventFilter } from './types.js';

/** Whether an event passes a subscriber's filter. */
export function matchesFilter(event: BusEvent, filter: EventFilter): boolean {
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.scenario_id !== undefined && event.scenario_id !== filter.scenario_id) return false;
  if (filter.benchmark_id !== undefined && event.benchmark_id !== filter.benchmark_id) return false;
  if (filter.run_id !== undefined && !('run_id' in event && event.run_id === filter.run_id)) return false;
  return true;
}
