/**
 * limiterContract(): the behaviour every ConcurrencyLimiter store must show. Two limiter
 * instances stand for two processes; with Redis they use two separate connections.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurrencyLimiter, Lease } from '../src/queue/index.js';

export interface LimiterContractTarget {
  name: string;
  /** Two limiters sharing the same slots, with the given lease time. */
  openPair(leaseMs: number): [ConcurrencyLimiter, ConcurrencyLimiter];
  cleanup?(): Promise<void>;
  skip?: boolean;
}

export function limiterContract(target: LimiterContractTarget): void {
  describe.skipIf(target.skip)(`concurrency limiter contract [${target.name}]`, () => {
    const opened: ConcurrencyLimiter[] = [];
    const openPair = (leaseMs: number): [ConcurrencyLimiter, ConcurrencyLimiter] => {
      const pair = target.openPair(leaseMs);
      opened.push(...pair);
      return pair;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((limiter) => limiter.close()));
      await target.cleanup?.();
    });

    it('never lets more than N holders in across two limiters competing', async () => {
      const [a, b] = openPair(5_000);
      const limit = 3;
      let holders = 0;
      let maxHolders = 0;
      let acquisitions = 0;
      const deadline = performance.now() + 1_200;
      const contender = async (limiter: ConcurrencyLimiter): Promise<void> => {
        while (performance.now() < deadline) {
          const lease = await limiter.tryAcquire('benchmark-1', limit);
          if (!lease) {
            await sleep(1);
            continue;
          }
          holders += 1;
          acquisitions += 1;
          maxHolders = Math.max(maxHolders, holders);
          await sleep(5 + Math.random() * 10);
          holders -= 1;
          await lease.release();
        }
      };
      await Promise.all([a, b, a, b, a, b, a, b].map(contender));
      expect(maxHolders).toBe(limit);
      expect(acquisitions).toBeGreaterThan(limit);
      expect(await a.inFlight('benchmark-1')).toBe(0);
    });

    it('keeps keys apart', async () => {
      const [a, b] = openPair(5_000);
      expect(await a.tryAcquire('benchmark-1', 1)).not.toBeNull();
      expect(await b.tryAcquire('benchmark-2', 1)).not.toBeNull();
      expect(await b.tryAcquire('benchmark-1', 1)).toBeNull();
      expect(await b.inFlight('benchmark-1')).toBe(1);
      expect(await b.inFlight('benchmark-3')).toBe(0);
    });

    it("frees a crashed holder's slot when its lease expires, and tells the holder it lost it", async () => {
      const [a, b] = openPair(300);
      // A holder that never renews is what a SIGKILLed process looks like to the others.
      const stale = (await a.tryAcquire('benchmark-1', 1, { autoRenew: false })) as Lease;
      expect(stale).not.toBeNull();
      // Read before the loss: it aborts at the loss. Read after it (below): made aborted.
      const readEarly = stale.signal;
      expect(readEarly.aborted).toBe(false);
      expect(await b.tryAcquire('benchmark-1', 1)).toBeNull();
      await sleep(400);
      expect(await b.inFlight('benchmark-1')).toBe(0);
      const fresh = await b.tryAcquire('benchmark-1', 1);
      expect(fresh).not.toBeNull();
      expect(await stale.renew()).toBe(false);
      expect(readEarly.aborted).toBe(true);
      expect(stale.signal.aborted).toBe(true);
      expect(await b.inFlight('benchmark-1')).toBe(1);
    });

    it('renews held leases in the background so a live holder keeps its slot', async () => {
      const [a, b] = openPair(300);
      const lease = (await a.tryAcquire('benchmark-1', 1)) as Lease;
      expect(lease).not.toBeNull();
      await sleep(1_000);
      expect(lease.signal.aborted).toBe(false);
      expect(await b.tryAcquire('benchmark-1', 1)).toBeNull();
      expect(await lease.renew()).toBe(true);
      await lease.release();
      await lease.release();
      expect(await b.tryAcquire('benchmark-1', 1)).not.toBeNull();
    });

    it('releases every lease it holds on close', async () => {
      const [a, b] = openPair(5_000);
      expect(await a.tryAcquire('benchmark-1', 2)).not.toBeNull();
      expect(await a.tryAcquire('benchmark-1', 2)).not.toBeNull();
      expect(await b.inFlight('benchmark-1')).toBe(2);
      await a.close();
      expect(await b.inFlight('benchmark-1')).toBe(0);
      await expect(a.tryAcquire('benchmark-1', 2)).rejects.toThrow(/closed/);
    });

    it('rejects a limit that is not a whole number >= 1', async () => {
      const [a] = openPair(5_000);
      await expect(a.tryAcquire('benchmark-1', 0)).rejects.toThrow(/limit/);
      await expect(a.tryAcquire('benchmark-1', 1.5)).rejects.toThrow(/limit/);
    });
  });
}
