import { describe, expect, it } from 'vitest';
import { WallClockOffset } from '../src/engine/wall-clock-offset.js';

/** A monotonic clock and a wall clock `offset` ms ahead of it, read as Date.now() is: truncated. */
function clocks(offset: number) {
  let mono = 1_000_000.123;
  const state = { offset };
  return {
    state,
    advance: (ms: number) => {
      mono += ms;
    },
    offset: new WallClockOffset(
      () => Math.floor(mono + state.offset),
      () => mono,
    ),
  };
}

describe('WallClockOffset', () => {
  it('closes in on the true offset from below, never past it', () => {
    const { offset, advance } = clocks(1_765_000_000_000.37);
    const first = offset.read();
    expect(first).toBeLessThanOrEqual(1_765_000_000_000.37);
    expect(first).toBeGreaterThan(1_765_000_000_000.37 - 1);
    let last = first;
    // Readings at different points of a millisecond.
    for (let i = 0; i < 200; i++) {
      advance(0.137);
      last = offset.read();
      expect(last).toBeLessThanOrEqual(1_765_000_000_000.37 + 1e-6);
    }
    expect(1_765_000_000_000.37 - last).toBeLessThan(0.05);
  });

  it('follows a wall clock corrected either way', () => {
    const { offset, advance, state } = clocks(5_000.5);
    for (let i = 0; i < 100; i++) {
      advance(0.29);
      offset.read();
    }
    state.offset = 4_990.2;
    advance(0.29);
    expect(Math.abs(offset.read() - 4_990.2)).toBeLessThan(1);
    state.offset = 5_020.8;
    advance(0.29);
    expect(Math.abs(offset.read() - 5_020.8)).toBeLessThan(1);
    for (let i = 0; i < 100; i++) {
      advance(0.29);
      offset.read();
    }
    expect(Math.abs(offset.read() - 5_020.8)).toBeLessThan(0.05);
  });
});
