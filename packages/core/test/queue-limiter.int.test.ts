import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter, QueueUnavailableError } from '../src/queue/index.js';
import { limiterContract } from './queue-limiter-contract.js';
import { redisContractSuite, unreachableRedis } from './redis-suite.js';

const redis = await redisContractSuite('limiter');

limiterContract({
  name: 'redis',
  ...redis.contract,
  // Two limiters, two connections, one prefix: two processes sharing the slots.
  openPair: (leaseMs) => {
    const connection = redis.connection();
    return [
      createConcurrencyLimiter({ ...connection, leaseMs }),
      createConcurrencyLimiter({ ...connection, leaseMs }),
    ];
  },
});

describe('redis concurrency limiter with Redis unreachable', () => {
  it('rejects tryAcquire within a second with QueueUnavailableError', async () => {
    const limiter = createConcurrencyLimiter(unreachableRedis());
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
