import type { Logger } from '../queue/types.js';
import { matchesFilter } from './filter.js';
import type { DeliveredEvent, EventFilter, EventListener } from './types.js';

interface Subscription {
  filter: EventFilter;
  listener: EventListener;
}

/** The listeners of one bus instance; a throwing listener never stops delivery to others. */
export class Subscribers {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly logger: Logger) {}

  add(filter: EventFilter, listener: EventListener): () => void {
    const subscription = { filter: { ...filter }, listener };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  deliver(delivered: DeliveredEvent): void {
    for (const { filter, listener } of this.subscriptions) {
      if (!matchesFilter(delivered.event, filter)) continue;
      try {
        listener(delivered);
      } catch (error) {
        this.logger.error({ err: error, event_id: delivered.id }, 'event listener threw');
      }
    }
  }

  /** True while nobody listens: the bus can skip decoding what it reads. */
  get empty(): boolean {
    return this.subscriptions.size === 0;
  }

  clear(): void {
    this.subscriptions.clear();
  }
}
