/**
 * Resume a live stream from a Last-Event-ID without a gap or a duplicate: subscribe first
 * (holding live events back), replay what the buffer has after the id, then release the held
 * events newer than the last replayed one. Works on any EventBus.
 */
import { compareEventIds, isEventId } from './event-ids.js';
import type { DeliveredEvent, EventBus, EventFilter, EventListener } from './types.js';

export interface ResumedSubscription {
  unsubscribe: () => void;
  /** False when events after `lastEventId` may be missing (see ReplayResult.complete). */
  complete: boolean;
}

/**
 * @example
 * const { unsubscribe, complete } = await subscribeSince(bus, { run_id: 7 }, request.headers['last-event-id'], send);
 * if (!complete) send a hint to reload from the API
 */
export async function subscribeSince(
  bus: EventBus,
  filter: EventFilter,
  lastEventId: string | undefined,
  listener: EventListener,
): Promise<ResumedSubscription> {
  if (lastEventId === undefined) return { unsubscribe: bus.subscribe(filter, listener), complete: true };
  let held: DeliveredEvent[] | undefined = [];
  let newest = isEventId(lastEventId) ? lastEventId : undefined;
  const deliverInOrder = (delivered: DeliveredEvent): void => {
    if (newest !== undefined && compareEventIds(delivered.id, newest) <= 0) return;
    newest = delivered.id;
    listener(delivered);
  };
  const unsubscribe = bus.subscribe(filter, (delivered) => {
    if (held) held.push(delivered);
    else deliverInOrder(delivered);
  });
  try {
    const replay = await bus.replaySince(lastEventId, filter);
    for (const delivered of replay.events) deliverInOrder(delivered);
    const live = held;
    held = undefined;
    for (const delivered of live) deliverInOrder(delivered);
    return { unsubscribe, complete: replay.complete };
  } catch (error) {
    unsubscribe();
    throw error;
  }
}
