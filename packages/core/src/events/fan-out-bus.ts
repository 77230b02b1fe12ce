/**
 * What both event buses share: the local subscribers every delivered event fans out to, the
 * closed state, and the checks before a publish (the bus is open, the event is valid) and
 * before a replay (the id is one a bus hands out; any other replays nothing and says so).
 */
import type { Logger } from '../queue/types.js';
import { EventBusUnavailableError } from './errors.js';
import { isEventId } from './event-ids.js';
import { Subscribers } from './subscribers.js';
import {
  type BusEvent,
  busEventSchema,
  type EventBus,
  type EventFilter,
  type EventListener,
  type ReplayResult,
} from './types.js';

export abstract class FanOutBus implements EventBus {
  abstract readonly kind: EventBus['kind'];
  protected readonly subscribers: Subscribers;
  protected closed = false;

  constructor(logger: Logger) {
    this.subscribers = new Subscribers(logger);
  }

  async publish(event: BusEvent): Promise<string> {
    if (this.closed) throw new EventBusUnavailableError('the event bus is closed');
    return this.publishValid(busEventSchema.parse(event));
  }

  subscribe(filter: EventFilter, listener: EventListener): () => void {
    if (this.closed) return () => {};
    return this.subscribers.add(filter, listener);
  }

  async replaySince(id: string, filter: EventFilter = {}): Promise<ReplayResult> {
    if (!isEventId(id)) return { events: [], complete: false };
    return this.replayAfter(id, filter);
  }

  /** Stores and delivers an event that passed the checks; resolves to its id. */
  protected abstract publishValid(event: BusEvent): Promise<string>;
  /** The events after `id` (a well-formed id) that match `filter`. */
  protected abstract replayAfter(id: string, filter: EventFilter): Promise<ReplayResult>;
  abstract isHealthy(): boolean;
  abstract close(): Promise<void>;
}
