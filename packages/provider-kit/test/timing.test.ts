import { describe, expect, it } from 'vitest';
import { EventLoopSampler, performanceClock } from '../src/timing/index.js';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy-wait: this is the disturbance being measured.
  }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventLoopSampler', () => {
  it('sees a blocked event loop, in every window open at the time', async () => {
    const sampler = new EventLoopSampler(5);
    const outer = sampler.open();
    await tick(20);
    const inner = sampler.open();
    await tick(10);
    blockFor(60);
    await tick(20);
    const innerDelays = inner.close();
    await tick(20);
    const outerDelays = outer.close();
    expect(innerDelays.max).toBeGreaterThanOrEqual(50);
    expect(outerDelays.max).toBeGreaterThanOrEqual(50);
    expect(outerDelays.samples).toBeGreaterThan(innerDelays.samples);
  });

  it('keeps every sample of a window longer than its ring', async () => {
    const sampler = new EventLoopSampler(2, performanceClock, 4);
    const long = sampler.open();
    await tick(10);
    blockFor(40);
    await tick(30);
    const delays = long.close();
    // Far more ticks than the 4 the ring holds, the early stall among them.
    expect(delays.samples).toBeGreaterThan(4);
    expect(delays.max).toBeGreaterThanOrEqual(30);
  });

  it('reports nothing for a window in which the loop never ticked', () => {
    const sampler = new EventLoopSampler(5);
    const window = sampler.open();
    expect(window.close()).toEqual({ samples: 0, mean: null, p50: null, p99: null, max: null });
  });

  it('uses a monotonic clock with a wall-clock origin', () => {
    const a = performanceClock.now();
    const b = performanceClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(performanceClock.timeOrigin + b - Date.now())).toBeLessThan(1000);
  });
});
