import { describe, expect, it } from 'vitest';
import { LeaseLimiter } from '../src/queue/concurrency-limiter.js';
import { InProcessSlotStore } from '../src/queue/in-process-slot-store.js';
import { createConcurrencyLimiter, silentLogger } from '../src/queue/index.js';
import { limiterContract } from './queue-limiter-contract.js';

limiterContract({
  name: 'in-process',
  // Two limiters on one store: the embedded default has one process, but several callers.
  openPair: (leaseMs) => {
    const store = new InProcessSlotStore();
    return [new LeaseLimiter(store, leaseMs, silentLogger), new LeaseLimiter(store, leaseMs, silentLogger)];
  },
});

describe('createConcurrencyLimiter without Redis', () => {
  it('is the in-process limiter', async () => {
    const limiter = createConcurrencyLimiter();
    expect(limiter.kind).toBe('in-process');
    await limiter.close();
  });
});
