import { describe, expect, it } from 'vitest';
import { hasSeriesData, toHistogramRows, toSeriesRows } from '@/lib/analytics';

describe('toSeriesRows', () => {
  it('accepts an object with points or a bare array, and sorts by time', () => {
    const rows = toSeriesRows({
      points: [
        { bucket: '2025-01-01T00:01:00Z', count: 2, p50: 200, p95: 400, p99: 410 },
        { bucket: '2025-01-01T00:00:00Z', count: 3, p50: 120, p95: 300, p99: 310 },
      ],
    });
    expect(rows.map((r) => r.p50)).toEqual([120, 200]);
    expect(toSeriesRows([{ bucket_start: '2025-01-01T00:00:00Z', value: 0.9 }])[0]?.value).toBe(0.9);
  });

  it('drops rows without a parseable time and treats missing figures as null', () => {
    const rows = toSeriesRows({ buckets: [{ bucket: 'not a date', p50: 1 }, { t: '2025-01-01T00:00:00Z' }] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ p50: null, p95: null, value: null });
    expect(hasSeriesData(rows, ['p50', 'p95'])).toBe(false);
  });
});

describe('toHistogramRows', () => {
  it('reads lower/upper or start/end bins and skips incomplete ones', () => {
    const rows = toHistogramRows({
      bins: [
        { start: 100, end: 200, count: 4 },
        { lower: 0, upper: 100, count: 1 },
        { lower: 200, count: 9 },
      ],
    });
    expect(rows).toEqual([
      { lower: 0, upper: 100, count: 1 },
      { lower: 100, upper: 200, count: 4 },
    ]);
  });
});
