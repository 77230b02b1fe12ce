import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribeTicker, TICK_MS, tickerIntervals, tickerNow } from '@/lib/ticker';

describe('the shared ticker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-01-01T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one interval for any number of listeners, and none without them', () => {
    expect(tickerIntervals()).toBe(0);
    const stops = Array.from({ length: 50 }, () => subscribeTicker(() => undefined));
    expect(tickerIntervals()).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    for (const stop of stops.slice(1)) stop();
    expect(tickerIntervals()).toBe(1);
    stops[0]?.();
    expect(tickerIntervals()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('moves every listener forward once a second', () => {
    const seen: number[] = [];
    const other: number[] = [];
    const stopA = subscribeTicker(() => seen.push(tickerNow()));
    const stopB = subscribeTicker(() => other.push(tickerNow()));
    const start = tickerNow();
    expect(start).toBe(Date.parse('2025-01-01T12:00:00Z'));
    vi.advanceTimersByTime(10 * TICK_MS);
    expect(seen).toHaveLength(10);
    expect(other).toEqual(seen);
    expect(tickerNow() - start).toBe(10_000);
    stopA();
    stopB();
  });

  it('starts from the current time after standing still', () => {
    const stop = subscribeTicker(() => undefined);
    stop();
    vi.advanceTimersByTime(60_000);
    const again = subscribeTicker(() => undefined);
    expect(tickerNow()).toBe(Date.parse('2025-01-01T12:01:00Z'));
    again();
  });
});
