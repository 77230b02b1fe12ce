import { describe, expect, it } from 'vitest';
import { hasSeriesData, toHistogramRows, toSeriesRows } from '@/lib/analytics';

describe('toSeriesRows', () => {
  it('reads latency points, sorted by time', () => {
    const rows = toSeriesRows({
      points: [
        { bucket_start: '2025-01-01T00:01:00Z', count: 2, p50: 200, p95: 400, p99: 410, mean: 250 },
        { bucket_start: '2025-01-01T00:00:00Z', count: 3, p50: 120, p95: 300, p99: 310, mean: 150 },
      ],
    });
    expect(rows.map((r) => r.p50)).toEqual([120, 200]);
    expect(rows[0]).toMatchObject({ t: Date.parse('2025-01-01T00:00:00Z'), count: 3, value: null });
  });

  it('takes a rate point’s rate and interval, and a throughput point’s runs per minute, as its value', () => {
    const [rate] = toSeriesRows({
      points: [
        {
          bucket_start: '2025-01-01T00:00:00Z',
          count: 10,
          successes: 9,
          rate: 0.9,
          ci_lower: 0.6,
          ci_upper: 0.98,
        },
      ],
    });
    expect(rate).toMatchObject({ value: 0.9, ciLower: 0.6, ciUpper: 0.98, p50: null });
    const [throughput] = toSeriesRows({
      points: [{ bucket_start: '2025-01-01T00:00:00Z', count: 6, completed: 5, runs_per_minute: 6 }],
    });
    expect(throughput).toMatchObject({ value: 6, ciLower: null });
  });

  it('drops points without a parseable time and keeps null figures null', () => {
    const rows = toSeriesRows({
      points: [
        { bucket_start: 'not a date', count: 1, p50: 1, p95: 1, p99: 1, mean: 1 },
        { bucket_start: '2025-01-01T00:00:00Z', count: 0, p50: null, p95: null, p99: null, mean: null },
      ],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ p50: null, p95: null, value: null });
    expect(hasSeriesData(rows, ['p50', 'p95'])).toBe(false);
    expect(toSeriesRows(undefined)).toEqual([]);
  });
});

describe('toHistogramRows', () => {
  it('reads the bins in the order the API gives them', () => {
    const rows = toHistogramRows({
      bins: [
        { lower: 0, upper: 100, count: 1 },
        { lower: 100, upper: 200, count: 4 },
      ],
    });
    expect(rows).toEqual([
      { lower: 0, upper: 100, count: 1 },
      { lower: 100, upper: 200, count: 4 },
    ]);
    expect(toHistogramRows(undefined)).toEqual([]);
  });
});
