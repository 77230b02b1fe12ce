import { describe, expect, it } from 'vitest';
import {
  MAX_COUNT_SHARE,
  MAX_PROGRESS_INTERVAL_MS,
  PROGRESS_INTERVAL_MS,
  progressIntervalMs,
} from '../src/benchmarks/progress.js';

describe('progressIntervalMs', () => {
  it('keeps the usual interval while counting is quick', () => {
    expect(progressIntervalMs(0)).toBe(PROGRESS_INTERVAL_MS);
    expect(progressIntervalMs(PROGRESS_INTERVAL_MS * MAX_COUNT_SHARE)).toBe(PROGRESS_INTERVAL_MS);
  });

  it('stretches so that counting takes at most its share of the time', () => {
    // 13 ms: a 10,000-run benchmark's count on the embedded database.
    expect(progressIntervalMs(13)).toBe(650);
    expect(progressIntervalMs(11)).toBe(550);
    expect(progressIntervalMs(90)).toBe(4_500);
    for (const countMs of [6, 11.2, 37, 90, 100]) {
      expect(countMs / progressIntervalMs(countMs)).toBeLessThanOrEqual(MAX_COUNT_SHARE);
    }
  });

  it('never holds a live benchmark still longer than the cap, however long a count waited', () => {
    expect(progressIntervalMs(110)).toBe(MAX_PROGRESS_INTERVAL_MS);
    expect(progressIntervalMs(2_000)).toBe(MAX_PROGRESS_INTERVAL_MS);
  });
});
