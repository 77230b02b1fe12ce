/**
 * Event ids are `<milliseconds>-<sequence>`, the shape of Redis Stream ids. The in-process bus
 * uses its start time as the milliseconds part, so ids still increase across a restart and a
 * client's Last-Event-ID from before the restart sorts before every new event.
 */

const EVENT_ID = /^(\d{1,15})-(\d{1,15})$/;

/** Whether `id` has the shape of an event id (a Last-Event-ID header can hold anything). */
export function isEventId(id: string): boolean {
  return EVENT_ID.test(id);
}

/** Negative when a is older than b, 0 when equal, positive when newer. Both must be valid. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

function parts(id: string): [number, number] {
  const match = EVENT_ID.exec(id);
  if (!match) throw new Error(`not an event id: ${JSON.stringify(id)}`);
  return [Number(match[1]), Number(match[2])];
}
