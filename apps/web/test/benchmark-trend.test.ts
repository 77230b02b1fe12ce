import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../src/lib/api-types';
import { trendPoints } from '../src/lib/benchmark-trend';

const benchmark = (id: number, values: Partial<Benchmark>): Benchmark => ({
  id,
  scenario_id: 1,
  name: null,
  settings: {},
  status: 'completed',
  summary: null,
  threshold_results: null,
  started_at: null,
  finished_at: null,
  created_at: '2025-01-01T00:00:00Z',
  ...values,
});

describe('trendPoints', () => {
  it('takes each summarised benchmark as a point, oldest first, by when it finished', () => {
    const points = trendPoints([
      benchmark(3, {
        finished_at: '2025-01-03T00:00:00Z',
        summary: {
          total_duration_ms: { p50: 900, p95: 1_500 },
          ttft_ms: { p50: 100, p95: null },
          success_rate: { estimate: 0.9, n: 10 },
        },
      }),
      benchmark(2, { status: 'pending', summary: null }),
      benchmark(1, {
        name: 'first',
        finished_at: '2025-01-02T00:00:00Z',
        summary: { total_duration_ms: { p50: 1_000, p95: 2_000 }, success_rate: { estimate: 1, n: 5 } },
      }),
      // A summary without a single figure (no run has ended) draws nothing.
      benchmark(4, {
        status: 'running',
        summary: { total_duration_ms: { count: 0, p50: null }, success_rate: { estimate: null, n: 0 } },
      }),
    ]);
    expect(points).toEqual([
      {
        t: Date.parse('2025-01-02T00:00:00Z'),
        id: 1,
        name: 'first',
        status: 'completed',
        p50_total: 1_000,
        p95_total: 2_000,
        p50_ttft: null,
        p95_ttft: null,
        success: 1,
        n: 5,
      },
      expect.objectContaining({
        id: 3,
        p50_total: 900,
        p95_total: 1_500,
        p50_ttft: 100,
        p95_ttft: null,
        success: 0.9,
      }),
    ]);
  });
});
