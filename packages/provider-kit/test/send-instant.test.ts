import { describe, expect, it } from 'vitest';
import { waitForSendInstant } from '../src/run/index.js';

describe('waitForSendInstant', () => {
  it('resolves at the send instant, never before it', async () => {
    for (const aheadMs of [1, 7, 30]) {
      const sendAt = Date.now() + aheadMs;
      expect(await waitForSendInstant(sendAt, undefined)).toBe(true);
      const reachedAt = Date.now();
      expect(reachedAt).toBeGreaterThanOrEqual(sendAt);
      // A tolerance for a loaded test machine, not a speed claim.
      expect(reachedAt - sendAt).toBeLessThan(100);
    }
  });

  it('waits out what an early timer leaves, by the wall clock it is given', async () => {
    // A clock that reads 3 ms behind the real one: the timer, armed on the real loop clock,
    // fires while this clock is still short of the instant, and the rest is waited.
    const lagging = () => Date.now() - 3;
    const sendAt = Date.now() + 10;
    expect(await waitForSendInstant(sendAt, undefined, lagging)).toBe(true);
    expect(lagging()).toBeGreaterThanOrEqual(sendAt);
  });

  it('does not wait without an instant or for one that has passed', async () => {
    const before = Date.now();
    expect(await waitForSendInstant(undefined, undefined)).toBe(true);
    expect(await waitForSendInstant(before - 1_000, undefined)).toBe(true);
    expect(Date.now() - before).toBeLessThan(50);
  });

  it('resolves false as soon as the signal aborts, and at once when it had', async () => {
    const controller = new AbortController();
    const waiting = waitForSendInstant(Date.now() + 10_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    expect(await waiting).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await waitForSendInstant(Date.now() + 10_000, controller.signal)).toBe(false);
  });
});
