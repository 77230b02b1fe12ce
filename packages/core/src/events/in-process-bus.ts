/**
 * The event bus of the embedded default: one process, events fanned out in memory, the last
 * `bufferSize` kept in a ring for Last-Event-ID replay.
 */
import type { Logger } from '../queue/types.js';
import { FanOutBus } from './fan-out-bus.js';
import { replayFrom } from './filter.js';
import type { BusEvent, DeliveredEvent, EventFilter, ReplayResult } from './types.js';

export class InProcessEventBus extends FanOutBus {
  readonly kind = 'in-process' as const;
  private readonly ring: (DeliveredEvent | undefined)[];
  /** Index of the next slot to write in the ring. */
  private next = 0;
  private stored = 0;
  /** Start time of this bus: the milliseconds part of every id it hands out. */
  private readonly epoch = Date.now();
  private sequence = 0;

  constructor(bufferSize: number, logger: Logger) {
    super(logger);
    if (!Number.isInteger(bufferSize) || bufferSize < 1)
      throw new Error(`bufferSize must be >= 1, got ${bufferSize}`);
    this.ring = new Array(bufferSize);
  }

  protected async publishValid(event: BusEvent): Promise<string> {
    const delivered: DeliveredEvent = { id: `${this.epoch}-${this.sequence++}`, event };
    this.ring[this.next] = delivered;
    this.next = (this.next + 1) % this.ring.length;
    this.stored = Math.min(this.stored + 1, this.ring.length);
    this.subscribers.deliver(delivered);
    return delivered.id;
  }

  protected async replayAfter(id: string, filter: EventFilter): Promise<ReplayResult> {
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
