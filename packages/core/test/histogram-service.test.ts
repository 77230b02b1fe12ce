/** Histograms of stored runs: exact bins, log spacing for latencies, and bins from rollups. */
import { ValidationError } from '@tfbench/domain/errors';
import { histogram } from '@tfbench/domain/statistics';
import { expect, it } from 'vitest';
import { getRunHistogram } from '../src/reporting/index.js';
import { selectFigureValues } from '../src/repositories/run-analytics.js';
import { rollUpPendingRuns } from '../src/rollups/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedRun, seedScenario, seedSyntheticRuns } from './seed.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');

describeEachDatabase('run histograms', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('bin the completed runs exactly, log-spaced for latencies by default', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const durations = [120, 180, 250, 400, 900, 1_300, 2_500, 4_000, 9_000, 15_000];
    for (const [i, total_duration_ms] of durations.entries()) {
      await seedRun(getDb(), scenario.id, {
        status: 'completed',
        total_duration_ms,
        cost_usd: 0.016 * (i + 1),
        created_at: new Date(T0 + i * 60_000),
      });
    }
    await seedRun(getDb(), scenario.id, { status: 'failed', total_duration_ms: 5, created_at: new Date(T0) });
    const h = await getRunHistogram(deps(), { metric: 'total', scenario_id: scenario.id });
    expect(h).toMatchObject({
      metric: 'total',
      scale: 'log',
      count: 10,
      min: 120,
      max: 15_000,
      source: 'exact',
      relative_error: 0,
    });
    expect(h.bins).toEqual(histogram(durations, { scale: 'log' }));
    expect(h.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(10);
    // Log edges sit on decades: 100, 1000 and 10000 are edges.
    const edges = h.bins.map((b) => b.lower);
    expect(edges).toEqual(expect.arrayContaining([1_000, 10_000]));

    const linear = await getRunHistogram(deps(), { metric: 'total', bins: 5, scale: 'linear' });
    expect(linear.bins).toEqual(histogram(durations, { bins: 5, scale: 'linear' }));
    const cost = await getRunHistogram(deps(), { metric: 'cost', bins: 4 });
    expect(cost.count).toBe(10);
    expect(cost.bins).toHaveLength(4);

    const bad = await rejectionAs(getRunHistogram(deps(), { metric: 'total', bins: 0 }), ValidationError);
    expect(bad.details).toEqual([{ field: 'bins', message: expect.stringContaining('auto') }]);
  });

  it('bin wide ranges from the rollups, each value within 0.5 % of its bin', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    await seedSyntheticRuns(getDb(), {
      runs: 2_000,
      scenarioIds: [scenario.id],
      start: T0,
      end: T0 + 3 * 86_400_000,
      seed: 5,
    });
    await rollUpPendingRuns(deps());
    const values = await selectFigureValues(getDb().db, { exclude_warmup: true }, 'total');
    for (const options of [{}, { bins: 25 as const }, { bins: 12 as const, scale: 'linear' as const }]) {
      const h = await getRunHistogram(deps(), { metric: 'total', ...options });
      expect(h.source).toBe('rollups');
      expect(h.count).toBe(values.length);
      expect(h.min).toBe(Math.min(...values));
      expect(h.max).toBe(Math.max(...values));
      expect(h.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(values.length);
      if (typeof options.bins === 'number') expect(h.bins).toHaveLength(options.bins);
      const a = 0.005;
      h.bins.forEach((bin, i) => {
        const last = i === h.bins.length - 1;
        const inside = (lo: number, hi: number) =>
          values.filter((v) => v >= lo && (last ? v <= hi : v < hi)).length;
        // At least the values well inside the bin, at most those within the accuracy of its edges.
        expect(bin.count).toBeGreaterThanOrEqual(inside(bin.lower * (1 + a), bin.upper * (1 - a)));
        expect(bin.count).toBeLessThanOrEqual(inside(bin.lower * (1 - a), bin.upper * (1 + a)));
      });
    }
  });
});
