import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter, QueueUnavailableError } from '../src/queue/index.js';
import {
  requireRedis,
  TEST_REDIS_URL,
  UNREACHABLE_REDIS_URL,
  uniqueRedisPrefix,
} from '../src/testing/index.js';
import { limiterContract } from './queue-limiter-contract.js';
import { trackedRedisPrefixes } from './redis-prefixes.js';

const redisReady = await requireRedis();
const prefixes = trackedRedisPrefixes('limiter');

limiterContract({
  name: 'redis',
  skip: !redisReady,
  // Two limiters, two connections, one prefix: two processes sharing the slots.
  openPair: (leaseMs) => {
    const prefix = prefixes.next();
    return [
      createConcurrencyLimiter({ redisUrl: TEST_REDIS_URL, prefix, leaseMs }),
      createConcurrencyLimiter({ redisUrl: TEST_REDIS_URL, prefix, leaseMs }),
    ];
  },
  cleanup: prefixes.cleanup,
});

describe('redis concurrency limiter with Redis unreachable', () => {
  it('rejects tryAcquire within a second with QueueUnavailableError', async () => {
    const limiter = createConcurrencyLimiter({
      redisUrl: UNREACHABLE_REDIS_URL,
      prefix: uniqueRedisPrefix('down'),
    });
    try {
      const started = performance.now();
      const error = await limiter.tryAcquire('benchmark-1', 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await limiter.close();
    }
  });
});
