/** /api/v1/analytics and the extended KPIs end to end through the app, on PGlite and PostgreSQL. */
import type { DatabaseHandle } from '@tfbench/core/db';
import { type BulkRun, bulkRun, insertBenchmark, insertRunsInBulk } from '@tfbench/core/repositories';
import { rollUpPendingRuns } from '@tfbench/core/rollups';
import { describeEachDatabase } from '@tfbench/core/testing';
import { createRandom } from '@tfbench/domain/statistics';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, seedReadmeExamples, useApp } from './helpers.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');

function run(values: Partial<BulkRun>): BulkRun {
  return bulkRun({ scenario_id: 1, trigger: 'schedule', created_at: new Date(T0), ...values });
}

/** Two benchmarks of 200 runs (the second 20 % slower) and two days of scheduled runs. */
async function seed(db: DatabaseHandle) {
  const random = createRandom(17);
  const first = await insertBenchmark(db.db, { scenario_id: 1 });
  const second = await insertBenchmark(db.db, { scenario_id: 1 });
  const rows: BulkRun[] = [];
  for (const [benchmark, median] of [
    [first.id, 1_000],
    [second.id, 1_200],
  ] as const) {
    for (let i = 0; i < 200; i++) {
      const total = median * Math.exp(random.normal(0, 0.3));
      rows.push(
        run({
          benchmark_id: benchmark,
          trigger: 'benchmark',
          total_duration_ms: total,
          ttft_ms: total / 10,
          created_at: new Date(T0 + i * 1000),
        }),
      );
    }
  }
  for (let i = 0; i < 2 * 24 * 12; i++) {
    const failed = i % 10 === 0;
    rows.push(
      run({
        status: failed ? 'failed' : 'completed',
        error_code: failed ? 'SITE_BLOCKED' : null,
        total_duration_ms: 800 + (i % 7) * 100,
        ttft_ms: failed ? null : 90,
        cost_usd: failed ? 0 : 0.048,
        created_at: new Date(T0 + i * 5 * 60_000),
      }),
    );
  }
  await insertRunsInBulk(db.db, rows);
  await rollUpPendingRuns({ db });
  return { first: first.id, second: second.id };
}

describeEachDatabase('analytics API', (getDb) => {
  const app = useApp(getDb);
  let ids: { first: number; second: number };
  beforeEach(async () => {
    await seedReadmeExamples(app());
    ids = await seed(getDb());
  });

  it('serves the KPIs with the extra figures, exact or from rollups', async () => {
    const wide = await app().inject({ method: 'GET', url: '/api/v1/runs/kpis/dashboard?scenario_id=1' });
    expect(wide.statusCode).toBe(200);
    const kpis = wide.json();
    expect(kpis).toMatchObject({ source: 'rollups', percentile_relative_error: 0.005, in_flight_runs: 1 });
    expect(kpis.total_time_stats).toEqual({
      p50: expect.any(Number),
      p90: expect.any(Number),
      p95: expect.any(Number),
      p99: expect.any(Number),
      mean: expect.any(Number),
    });
    expect(kpis.errors).toEqual([{ error_code: 'SITE_BLOCKED', count: 58 }]);
    const exact = (
      await app().inject({ method: 'GET', url: '/api/v1/runs/kpis/dashboard?scenario_id=1&exact=true' })
    ).json();
    expect(exact.source).toBe('exact');
    expect(exact.finished_runs).toBe(kpis.finished_runs);
    expect(Math.abs(exact.total_time_stats.p95 - kpis.total_time_stats.p95)).toBeLessThanOrEqual(
      0.005 * exact.total_time_stats.p95,
    );
    expect(exact.cost_per_successful_run_usd).toBeCloseTo(kpis.cost_per_successful_run_usd, 9);
    const bad = await app().inject({ method: 'GET', url: '/api/v1/runs/kpis/dashboard?exact=maybe' });
    expect(fieldsOf(expectErrorEnvelope(bad).details)).toEqual(['querystring.exact']);
  });

  it('serves time series with ISO buckets and refuses bad parameters by name', async () => {
    const response = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/timeseries?metric=success_rate&bucket=1h&from=2024-06-01T00:00:00Z&to=2024-06-03T00:00:00Z',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      metric: 'success_rate',
      bucket: '1h',
      source: 'rollups',
      from: '2024-06-01T00:00:00.000Z',
    });
    expect(body.points).toHaveLength(48);
    expect(body.points[0]).toEqual({
      bucket_start: '2024-06-01T00:00:00.000Z',
      // 12 scheduled runs (2 failed) and 200 + 200 benchmark runs in the first hour... of which 400 completed.
      count: 412,
      successes: 410,
      rate: 410 / 412,
      ci_lower: expect.any(Number),
      ci_upper: expect.any(Number),
    });
    const latency = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/timeseries?metric=total&from=2024-06-01T00:00:00Z&to=2024-06-01T02:00:00Z&scenario_id=1',
    });
    expect(latency.json()).toMatchObject({ bucket: '1m', source: 'exact' });
    expect(latency.json().points[0]).toEqual({
      bucket_start: '2024-06-01T00:00:00.000Z',
      count: expect.any(Number),
      p50: expect.any(Number),
      p95: expect.any(Number),
      p99: expect.any(Number),
      mean: expect.any(Number),
    });
    for (const [query, fields] of [
      ['metric=nope', ['querystring.metric']],
      ['metric=total&bucket=2h', ['querystring.bucket']],
      ['metric=total&from=2024-06-02T00:00:00Z&to=2024-06-01T00:00:00Z', ['querystring.from']],
      ['metric=total&bucket=1m&from=2024-01-01T00:00:00Z&to=2024-06-01T00:00:00Z', ['querystring.bucket']],
      ['', ['querystring.metric']],
      ['metric=total&limit=0', ['querystring.limit']],
      ['metric=total&limit=5001', ['querystring.limit']],
      ['metric=total&cursor=forged', ['querystring.cursor']],
    ] as const) {
      const refused = await app().inject({ method: 'GET', url: `/api/v1/analytics/timeseries?${query}` });
      expect(refused.statusCode, query).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(refused).details)).toEqual(fields);
    }
  });

  it('pages a time series with limit and next_cursor', async () => {
    const series =
      '/api/v1/analytics/timeseries?metric=total&bucket=5m&from=2024-06-01T00:00:00Z&to=2024-06-03T00:00:00Z';
    const whole = (await app().inject({ method: 'GET', url: `${series}&limit=5000` })).json();
    expect(whole.points).toHaveLength(576);
    expect(whole.next_cursor).toBeNull();
    const pages = [(await app().inject({ method: 'GET', url: `${series}&limit=250` })).json()];
    while (pages.at(-1).next_cursor) {
      const cursor = encodeURIComponent(pages.at(-1).next_cursor);
      const next = await app().inject({ method: 'GET', url: `${series}&limit=250&cursor=${cursor}` });
      expect(next.statusCode).toBe(200);
      pages.push(next.json());
    }
    expect(pages.map((page) => page.points.length)).toEqual([250, 250, 76]);
    expect(pages.flatMap((page) => page.points)).toEqual(whole.points);
    // Without limit, a page holds at most 1000 points.
    const minutes =
      '/api/v1/analytics/timeseries?metric=throughput&bucket=1m&from=2024-06-01T00:00:00Z&to=2024-06-03T00:00:00Z';
    const first = (await app().inject({ method: 'GET', url: minutes })).json();
    expect(first.points).toHaveLength(1_000);
    expect(first.next_cursor).toEqual(expect.any(String));
  });

  it('serves histograms', async () => {
    const response = await app().inject({
      method: 'GET',
      url: `/api/v1/analytics/histogram?metric=total&benchmark_id=${ids.first}&bins=10`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ metric: 'total', scale: 'log', count: 200, source: 'exact' });
    expect(body.bins).toHaveLength(10);
    expect(body.bins.reduce((sum: number, bin: { count: number }) => sum + bin.count, 0)).toBe(200);
    const refused = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/histogram?metric=total&bins=0',
    });
    expect(fieldsOf(expectErrorEnvelope(refused).details)).toEqual(['querystring.bins']);
  });

  it('compares two benchmarks and finds the slowdown', async () => {
    const response = await app().inject({
      method: 'GET',
      url: `/api/v1/analytics/compare?a=benchmark:${ids.first}&b=benchmark:${ids.second}&alpha=0.05`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.verdict).toBe('regressed');
    expect(body.metrics.total_duration_ms).toMatchObject({
      verdict: 'regressed',
      a: { n: 200 },
      b: { n: 200 },
    });
    expect(body.metrics.total_duration_ms.median_difference.ci_lower).toBeGreaterThan(0);
    expect(body.success_rate.verdict).toBe('no_significant_change');
    expect(body.a).toMatchObject({ kind: 'benchmark', id: ids.first, from: null, truncated: false });

    const windows = await app().inject({
      method: 'GET',
      url: `/api/v1/analytics/compare?a=${encodeURIComponent('scenario:1@2024-06-01T00:00:00Z..2024-06-02T00:00:00Z')}&b=${encodeURIComponent('scenario:1@2024-06-02T00:00:00Z..2024-06-03T00:00:00Z')}`,
    });
    expect(windows.statusCode).toBe(200);
    expect(windows.json().a.from).toBe('2024-06-01T00:00:00.000Z');

    const badAlpha = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/compare?a=benchmark:1&b=benchmark:1&alpha=2',
    });
    expect(fieldsOf(expectErrorEnvelope(badAlpha).details)).toEqual(['querystring.alpha']);
    const badRef = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/compare?a=benchmark:x&b=run:1',
    });
    expect(fieldsOf(expectErrorEnvelope(badRef).details)).toEqual(['querystring.a', 'querystring.b']);
    const missing = await app().inject({
      method: 'GET',
      url: '/api/v1/analytics/compare?a=benchmark:1&b=benchmark:77',
    });
    expect(missing.statusCode).toBe(404);
    expect(expectErrorEnvelope(missing).code).toBe('NOT_FOUND');
  });
});
