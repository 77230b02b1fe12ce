/**
 * Time series: exact buckets by hand, the automatic bucket width, validation, and the rollup
 * path agreeing with the exact one bucket by bucket.
 */
import { ValidationError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import {
  type CostPoint,
  getRunTimeseries,
  type LatencyPoint,
  MAX_POINTS,
  type RatePoint,
  type ThroughputPoint,
} from '../src/reporting/index.js';
import { rollUpPendingRuns } from '../src/rollups/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedRun, seedScenario, seedSyntheticRuns } from './seed.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describeEachDatabase('run time series', (getDb) => {
  const deps = () => ({ db: getDb() });

  async function seedTwoHours() {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const runs = [
      // First hour: durations 100, 200, 300, 400 completed; one failure; one cancel.
      { minute: 1, status: 'completed', total_duration_ms: 100, cost_usd: 0.01 },
      { minute: 2, status: 'completed', total_duration_ms: 200, cost_usd: 0.02 },
      { minute: 3, status: 'completed', total_duration_ms: 300, cost_usd: 0.03 },
      { minute: 59, status: 'completed', total_duration_ms: 400, cost_usd: 0.04 },
      { minute: 10, status: 'failed', total_duration_ms: 5 },
      { minute: 11, status: 'cancelled', total_duration_ms: 1 },
      // Third hour (the second is empty): one timeout, one completed.
      { minute: 130, status: 'timeout', total_duration_ms: 99_999 },
      { minute: 131, status: 'completed', total_duration_ms: 1_000, cost_usd: 0.1 },
      // Warm-ups never count.
      { minute: 5, status: 'completed', total_duration_ms: 1e9, is_warmup: true },
    ] as const;
    for (const { minute, ...values } of runs)
      await seedRun(getDb(), scenario.id, { ...values, created_at: at(minute) });
    return scenario;
  }

  it('gives exact per-bucket figures, empty buckets included', async () => {
    const scenario = await seedTwoHours();
    const range = { from: at(0), to: at(180), bucket: '1h' as const, scenario_id: scenario.id };
    const total = await getRunTimeseries(deps(), { ...range, metric: 'total' });
    expect(total).toMatchObject({
      bucket: '1h',
      bucket_ms: 3_600_000,
      source: 'exact',
      percentile_relative_error: 0,
    });
    expect(total.points.map((p) => p.bucket_start.toISOString())).toEqual([
      '2024-06-01T00:00:00.000Z',
      '2024-06-01T01:00:00.000Z',
      '2024-06-01T02:00:00.000Z',
    ]);
    const [h0, h1, h2] = total.points as LatencyPoint[];
    expect(h0).toMatchObject({ count: 4, p50: 250, mean: 250 });
    // p95 of 100..400 at rank 2.85: 300 + 0.85 * 100.
    expect(h0?.p95).toBeCloseTo(385, 9);
    expect(h0?.p99).toBeCloseTo(397, 9);
    expect(h1).toEqual({ bucket_start: at(60), count: 0, p50: null, p95: null, p99: null, mean: null });
    expect(h2).toMatchObject({ count: 1, p50: 1_000, p95: 1_000, p99: 1_000 });

    const rate = (await getRunTimeseries(deps(), { ...range, metric: 'success_rate' })).points as RatePoint[];
    expect(rate.map((p) => [p.count, p.successes, p.rate])).toEqual([
      [5, 4, 0.8],
      [0, 0, null],
      [2, 1, 0.5],
    ]);
    expect(rate[0]?.ci_lower).toBeCloseTo(0.3755, 3);

    const throughput = (await getRunTimeseries(deps(), { ...range, metric: 'throughput' }))
      .points as ThroughputPoint[];
    expect(throughput.map((p) => [p.count, p.completed])).toEqual([
      [5, 4],
      [0, 0],
      [2, 1],
    ]);
    expect(throughput[0]?.runs_per_minute).toBeCloseTo(5 / 60, 12);

    const cost = (await getRunTimeseries(deps(), { ...range, metric: 'cost' })).points as CostPoint[];
    expect(cost[0]?.sum).toBeCloseTo(0.1, 12);
    expect(cost[1]?.sum).toBeNull();
  });

  it('cuts partial buckets at the range and counts per minute of the covered part', async () => {
    const scenario = await seedTwoHours();
    const series = await getRunTimeseries(deps(), {
      metric: 'throughput',
      bucket: '1h',
      from: at(2),
      to: at(62),
      scenario_id: scenario.id,
    });
    const points = series.points as ThroughputPoint[];
    // Minutes 2..59 of the first hour hold runs at 2, 3, 10 (failed), 59: four outcomes in 58 minutes.
    expect(points.map((p) => p.count)).toEqual([4, 0]);
    expect(points[0]?.runs_per_minute).toBeCloseTo(4 / 58, 12);
  });

  it('picks a bucket width for the range and refuses too many buckets', async () => {
    const day = await getRunTimeseries(deps(), { metric: 'total', from: at(0), to: at(24 * 60) });
    expect(day).toMatchObject({ bucket: '5m', source: 'exact' });
    expect(day.points).toHaveLength(288);
    const twoHours = await getRunTimeseries(deps(), { metric: 'total', from: at(0), to: at(120) });
    expect(twoHours.bucket).toBe('1m');
    const month = await getRunTimeseries(deps(), { metric: 'total', from: at(0), to: at(30 * 24 * 60) });
    expect(month).toMatchObject({ bucket: '1h', source: 'rollups' });
    expect(month.points).toHaveLength(720);

    const tooMany = await rejectionAs(
      getRunTimeseries(deps(), { metric: 'total', bucket: '1m', from: at(0), to: at(30 * 24 * 60) }),
      ValidationError,
    );
    expect(tooMany.details).toEqual([{ field: 'bucket', message: expect.stringContaining('5000') }]);
    const backwards = await rejectionAs(
      getRunTimeseries(deps(), { metric: 'total', from: at(10), to: at(5) }),
      ValidationError,
    );
    expect(backwards.details).toEqual([{ field: 'from', message: 'must be before to' }]);
    const unknown = await rejectionAs(
      getRunTimeseries(deps(), { metric: 'latency' as never, from: at(0), to: at(5) }),
      ValidationError,
    );
    expect(unknown.details).toEqual([{ field: 'metric', message: expect.stringContaining('total, ttft') }]);
  });

  it('keeps auto within the bucket cap over any range: 1970-9999 shrinks to the days with runs', async () => {
    const scenario = await seedTwoHours();
    await rollUpPendingRuns({ db: getDb() });
    const everything = {
      metric: 'total' as const,
      scenario_id: scenario.id,
      from: new Date('1970-01-01T00:00:00Z'),
      to: new Date('9999-12-31T23:59:59Z'),
    };
    const series = await getRunTimeseries(deps(), everything);
    const today = Math.ceil(Date.now() / 86_400_000) * 86_400_000;
    // From the day of the oldest run to the end of today, in day buckets, at most 5000 of them.
    expect(series.from.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(series.to.getTime()).toBe(today);
    expect(series.bucket).toBe('1d');
    expect(series.points.length).toBe(Math.ceil((today - T0) / 86_400_000));
    expect(series.points.length).toBeLessThanOrEqual(MAX_POINTS);
    // The first day's five completed runs, read from the rollups (percentiles within 0.5 %).
    expect(series.points[0]?.count).toBe(5);
    expect((series.points[0] as LatencyPoint).p50).toBeCloseTo(300, -1);

    // Runs older than 5000 days: the latest 5000 days are served.
    await seedRun(getDb(), scenario.id, {
      status: 'completed',
      created_at: new Date('1980-01-01T00:00:00Z'),
    });
    const capped = await getRunTimeseries(deps(), { ...everything, limit: MAX_POINTS });
    expect(capped.points).toHaveLength(MAX_POINTS);
    expect(capped.next_cursor).toBeNull();
    expect(capped.to.getTime() - capped.from.getTime()).toBe(MAX_POINTS * 86_400_000);

    // Nothing matches: the last day up to the end of today, not millions of buckets.
    const none = await getRunTimeseries(deps(), { ...everything, scenario_id: scenario.id + 1000 });
    expect(none.to.getTime() - none.from.getTime()).toBe(86_400_000);
    expect(none.points).toHaveLength(288);
  });

  it('pages a long series with limit and next_cursor: the pages join into the whole series', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const start = T0;
    const end = T0 + 10 * 86_400_000;
    const seeded = await seedSyntheticRuns(getDb(), {
      runs: 5_000,
      scenarioIds: [scenario.id],
      start,
      end,
      seed: 7,
    });
    await rollUpPendingRuns(deps(), { maxRuns: 50_000 });
    const query = { metric: 'throughput' as const, scenario_id: scenario.id, from: at(0), to: new Date(end) };
    for (const source of [{}, { exact: true }]) {
      // 5-minute buckets over 10 days: 2880 of them, more than the default page of 1000.
      const whole = await getRunTimeseries(deps(), { ...query, ...source, bucket: '5m', limit: MAX_POINTS });
      expect(whole.points).toHaveLength(2_880);
      expect(whole.next_cursor).toBeNull();
      const pages = [await getRunTimeseries(deps(), { ...query, ...source, bucket: '5m' })];
      for (let page = pages[0]; page?.next_cursor; ) {
        page = await getRunTimeseries(deps(), { ...query, ...source, cursor: page.next_cursor });
        pages.push(page);
      }
      expect(pages.map((page) => page.points.length)).toEqual([1_000, 1_000, 880]);
      for (const page of pages)
        expect([page.from, page.to, page.bucket]).toEqual([whole.from, whole.to, '5m']);
      expect(pages.flatMap((page) => page.points)).toEqual(whole.points);
      const counted = (whole.points as ThroughputPoint[]).reduce((sum, point) => sum + point.count, 0);
      const outcomes = seeded.filter(
        (run) => !run.is_warmup && ['completed', 'failed', 'timeout'].includes(run.status),
      );
      expect(counted).toBe(outcomes.length);
    }
    // A cursor this API did not give names the field.
    const forged = await rejectionAs(
      getRunTimeseries(deps(), { ...query, cursor: 'not-a-cursor' }),
      ValidationError,
    );
    expect(forged.details).toEqual([{ field: 'cursor', message: expect.stringContaining('next_cursor') }]);
  }, 120_000);

  it('reads wide ranges from the rollups in agreement with the exact figures, bucket by bucket', async () => {
    const automation = await seedAutomation(getDb());
    const ids = [
      (await seedScenario(getDb(), automation.id, 'a')).id,
      (await seedScenario(getDb(), automation.id, 'b')).id,
    ];
    const start = T0;
    const end = T0 + 3 * 86_400_000;
    await seedSyntheticRuns(getDb(), { runs: 3_000, scenarioIds: ids, start, end, seed: 11 });
    await rollUpPendingRuns(deps(), { maxRuns: 2_500 });
    const range = {
      from: new Date(start + 5 * 60_000 + 30_000),
      to: new Date(end - 7 * 60_000),
      bucket: '1h' as const,
    };
    for (const metric of ['total', 'ttft', 'itl_mean', 'cost', 'success_rate', 'throughput'] as const) {
      for (const filter of [{}, { scenario_id: ids[0] }]) {
        const approximate = await getRunTimeseries(deps(), { ...range, ...filter, metric });
        const exact = await getRunTimeseries(deps(), { ...range, ...filter, metric, exact: true });
        expect(approximate.source).toBe('rollups');
        expect(exact.source).toBe('exact');
        expect(approximate.points).toHaveLength(exact.points.length);
        exact.points.forEach((point, i) => {
          const other = approximate.points[i] as unknown as Record<string, number | null>;
          for (const [key, value] of Object.entries(point)) {
            if (key === 'bucket_start') continue;
            const estimate = other[key];
            if (value === null || key === 'count' || key === 'successes' || key === 'completed') {
              expect(estimate, `${metric} ${key} #${i}`).toEqual(value);
            } else if (['p50', 'p95', 'p99'].includes(key)) {
              expect(Math.abs((estimate as number) - value), `${metric} ${key} #${i}`).toBeLessThanOrEqual(
                0.005 * Math.abs(value) + 1e-9,
              );
            } else {
              expect(estimate as number, `${metric} ${key} #${i}`).toBeCloseTo(value, 6);
            }
          }
        });
      }
    }
  });
});
