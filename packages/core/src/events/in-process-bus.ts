/**
 * The event bus of the embedded default: one process, events fanned out in memory, the last
 * `bufferSize` kept in a ring for Last-Event-ID replay.
 */
import type { Logger } from '../queue/types.js';
import { EventBusUnavailableError } from './errors.js';
import { isEventId } from './event-ids.js';
import { replayFrom } from './filter.js';
import { Subscribers } from './subscribers.js';
import type {
  BusEvent,
  DeliveredEvent,
  EventBus,
  EventFilter,
  EventListener,
  ReplayResult,
} from './types.js';
import { busEventSchema } from './types.js';

export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly subscribers: Subscribers;
  private readonly ring: (DeliveredEvent | undefined)[];
  /** Index of the next slot to write in the ring. */
  private next = 0;
  private stored = 0;
  /** Start time of this bus: the milliseconds part of every id it hands out. */
  private readonly epoch = Date.now();
  private sequence = 0;
  private closed = false;

  constructor(bufferSize: number, logger: Logger) {
    if (!Number.isInteger(bufferSize) || bufferSize < 1)
      throw new Error(`bufferSize must be >= 1, got ${bufferSize}`);
    this.ring = new Array(bufferSize);
    this.subscribers = new Subscribers(logger);
  }

  async publish(event: BusEvent): Promise<string> {
    if (this.closed) throw new EventBusUnavailableError('the event bus is closed');
    const delivered: DeliveredEvent = {
      id: `${this.epoch}-${this.sequence++}`,
      event: busEventSchema.parse(event),
    };
    this.ring[this.next] = delivered;
    this.next = (this.next + 1) % this.ring.length;
    this.stored = Math.min(this.stored + 1, this.ring.length);
    this.subscribers.deliver(delivered);
    return delivered.id;
  }

  subscribe(filter: EventFilter, listener: EventListener): () => void {
    if (this.closed) return () => {};
    return this.subscribers.add(filter, listener);
  }

  async replaySince(id: string, filter: EventFilter = {}): Promise<ReplayResult> {
    if (!isEventId(id)) return { events: [], complete: false };
    const buffered = this.buffered();
    return replayFrom(buffered, buffered[0]?.id, id, filter);
  }

  isHealthy(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
  }

  /** The ring's events, oldest first. */
  private buffered(): DeliveredEvent[] {
    const start = (this.next - this.stored + this.ring.length) % this.ring.length;
    const events: DeliveredEvent[] = [];
    for (let i = 0; i < this.stored; i++) {
      const delivered = this.ring[(start + i) % this.ring.length];
      if (delivered) events.push(delivered);
    }
    return events;
  }
}
