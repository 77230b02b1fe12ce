/**
 * Comparing stored samples: two benchmarks, or a scenario's windows. Known answers on
 * synthetic data (no change for the same distribution, a 20 % slowdown at n = 200 found),
 * reproducibility, the success-rate comparison, and the reference syntax.
 */
import { NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { createRandom } from '@tfbench/domain/statistics';
import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { compareSamples } from '../src/reporting/index.js';
import { type BulkRun, bulkRun, insertRunsInBulk } from '../src/repositories/runs-bulk.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedBenchmark, seedScenario } from './seed.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');

function run(scenario_id: number, values: Partial<BulkRun>): BulkRun {
  return bulkRun({ scenario_id, trigger: 'benchmark', created_at: new Date(T0), ...values });
}

/** n log-normal runs (median `median` ms, log-sd 0.3), `failures` of them failed. */
function sample(
  scenarioId: number,
  benchmarkId: number,
  n: number,
  median: number,
  seed: number,
  failures = 0,
) {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const total = median * Math.exp(random.normal(0, 0.3));
    return run(scenarioId, {
      benchmark_id: benchmarkId,
      status: i < failures ? 'failed' : 'completed',
      error_code: i < failures ? 'RUN_FAILED' : null,
      total_duration_ms: total,
      ttft_ms: total * 0.1,
      cost_usd: 0.016 * 5,
      created_at: new Date(T0 + i * 1000),
    });
  });
}

async function setup(handle: DatabaseHandle) {
  const automation = await seedAutomation(handle);
  const scenario = await seedScenario(handle, automation.id);
  const benchmarks = [];
  for (let i = 0; i < 3; i++) benchmarks.push(await seedBenchmark(handle, scenario.id));
  return { scenario, benchmarks };
}

describeEachDatabase('comparing samples', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('finds a 20 % slowdown at n = 200, none between samples of one distribution, reproducibly', async () => {
    const { scenario, benchmarks } = await setup(getDb());
    const [base, same, slower] = benchmarks.map((b) => b.id) as [number, number, number];
    await insertRunsInBulk(getDb().db, sample(scenario.id, base, 200, 1_000, 1));
    await insertRunsInBulk(getDb().db, sample(scenario.id, same, 200, 1_000, 2));
    await insertRunsInBulk(getDb().db, sample(scenario.id, slower, 200, 1_200, 3));
    // A warm-up with an absurd figure must not be compared.
    await insertRunsInBulk(getDb().db, [
      run(scenario.id, { benchmark_id: base, is_warmup: true, total_duration_ms: 1e9 }),
    ]);

    const unchanged = await compareSamples(deps(), { a: `benchmark:${base}`, b: `benchmark:${same}` });
    expect(unchanged.a).toMatchObject({ kind: 'benchmark', id: base, runs: 200, truncated: false });
    expect(unchanged.metrics.total_duration_ms.verdict).toBe('no_significant_change');
    expect(unchanged.metrics.total_duration_ms.a.n).toBe(200);
    expect(unchanged.success_rate.verdict).toBe('no_significant_change');
    expect(unchanged.verdict).toBe('no_significant_change');

    const regressed = await compareSamples(deps(), { a: `benchmark:${base}`, b: `benchmark:${slower}` });
    const total = regressed.metrics.total_duration_ms;
    expect(total.verdict).toBe('regressed');
    expect(total.difference_pct.p50).toBeGreaterThan(10);
    expect(total.median_difference.ci_lower).toBeGreaterThan(0);
    expect(total.mann_whitney?.p_value).toBeLessThan(0.05);
    expect(regressed.metrics.ttft_ms.verdict).toBe('regressed');
    expect(regressed.metrics.cost_usd.verdict).toBe('no_significant_change');
    expect(regressed.verdict).toBe('regressed');

    const reversed = await compareSamples(deps(), { a: `benchmark:${slower}`, b: `benchmark:${base}` });
    expect(reversed.metrics.total_duration_ms.verdict).toBe('improved');
    expect(reversed.verdict).toBe('improved');

    // Same data, same seed: the same intervals.
    const again = await compareSamples(deps(), { a: `benchmark:${base}`, b: `benchmark:${slower}` });
    expect(again.metrics.total_duration_ms.median_difference).toEqual(total.median_difference);
    const otherSeed = await compareSamples(deps(), {
      a: `benchmark:${base}`,
      b: `benchmark:${slower}`,
      seed: 99,
    });
    expect(otherSeed.seed).toBe(99);
    expect(otherSeed.metrics.total_duration_ms.verdict).toBe('regressed');
  });

  it('compares success rates and scenario windows', async () => {
    const { scenario, benchmarks } = await setup(getDb());
    // Window 1: 200 runs, 4 failures; window 2 (a day later): 200 runs, 40 failures.
    const early = sample(scenario.id, benchmarks[0]!.id, 200, 1_000, 4, 4).map((r) => ({
      ...r,
      benchmark_id: null,
    }));
    const late = sample(scenario.id, benchmarks[0]!.id, 200, 1_000, 5, 40).map((r) => ({
      ...r,
      benchmark_id: null,
      created_at: new Date(r.created_at.getTime() + 86_400_000),
    }));
    await insertRunsInBulk(getDb().db, [...early, ...late]);
    const result = await compareSamples(deps(), {
      a: `scenario:${scenario.id}@2024-06-01T00:00:00Z..2024-06-02T00:00:00Z`,
      b: `scenario:${scenario.id}@2024-06-02T00:00:00Z..`,
      alpha: 0.01,
    });
    expect(result.a).toMatchObject({ kind: 'scenario', runs: 200, from: new Date('2024-06-01T00:00:00Z') });
    expect(result.b).toMatchObject({ runs: 200, to: null });
    expect(result.success_rate.a).toMatchObject({ successes: 196, n: 200 });
    expect(result.success_rate.b).toMatchObject({ successes: 160, n: 200 });
    expect(result.success_rate.difference).toBeCloseTo(-0.18, 12);
    expect(result.success_rate.ci_upper).toBeLessThan(0);
    expect(result.success_rate.verdict).toBe('regressed');
    expect(result.goal_success_rate).toBeNull();
    expect(result.verdict).toBe('regressed');
    expect(result.alpha).toBe(0.01);
  });

  it('refuses malformed references and names missing ones', async () => {
    const { benchmarks } = await setup(getDb());
    const malformed = await rejectionAs(
      compareSamples(deps(), { a: 'benchmark', b: 'scenario:1@yesterday..', alpha: 0.7 }),
      ValidationError,
    );
    expect(malformed.details).toEqual([
      { field: 'a', message: expect.stringContaining('benchmark:ID') },
      { field: 'b', message: expect.stringContaining('benchmark:ID') },
      { field: 'alpha', message: expect.stringContaining('between 0 and 0.5') },
    ]);
    const windowOnBenchmark = await rejectionAs(
      compareSamples(deps(), {
        a: `benchmark:${benchmarks[0]!.id}@2024-01-01T00:00:00Z..`,
        b: 'benchmark:1',
      }),
      ValidationError,
    );
    expect(windowOnBenchmark.details).toEqual([
      { field: 'a', message: expect.stringContaining('no time window') },
    ]);
    const missing = await rejectionAs(
      compareSamples(deps(), { a: `benchmark:${benchmarks[0]!.id}`, b: 'benchmark:999' }),
      NotFoundError,
    );
    expect(missing.details).toMatchObject({ field: 'b' });
  });
});
