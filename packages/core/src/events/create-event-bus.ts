import { silentLogger } from '../queue/create-queue.js';
import type { Logger } from '../queue/types.js';
import { InProcessEventBus } from './in-process-bus.js';
import { RedisEventBus } from './redis-bus.js';
import type { EventBus } from './types.js';

export interface CreateEventBusOptions {
  /** `config.redisUrl`: a Redis Stream shared by all processes when set, in-process when not. */
  redisUrl?: string | undefined;
  /** Redis key prefix; give each deployment (and each test) its own. Default `tfbench`. */
  prefix?: string;
  /** Events kept for Last-Event-ID replay. Default 10,000. */
  bufferSize?: number;
  logger?: Logger;
  /**
   * Redis only: how long to wait at start for the read loop to find the stream's end. When
   * Redis is down the bus is returned anyway and starts delivering once Redis is back. Default 2 s.
   */
  startTimeoutMs?: number;
}

/**
 * Open the live event bus.
 *
 * @example
 * const bus = await createEventBus({ redisUrl: config.redisUrl, logger });
 * const unsubscribe = bus.subscribe({ benchmark_id: 3 }, ({ id, event }) => sse.send(id, event));
 * await bus.publish({ kind: 'run.status', run_id: 9, scenario_id: 2, benchmark_id: 3, status: 'running', at: new Date().toISOString() });
 */
export async function createEventBus(options: CreateEventBusOptions = {}): Promise<EventBus> {
  const logger = options.logger ?? silentLogger;
  const bufferSize = options.bufferSize ?? 10_000;
  if (!options.redisUrl) return new InProcessEventBus(bufferSize, logger);
  const bus = new RedisEventBus({
    redisUrl: options.redisUrl,
    prefix: options.prefix ?? 'tfbench',
    bufferSize,
    logger,
  });
  await bus.ready(options.startTimeoutMs ?? 2_000);
  return bus;
}
