/**
 * Token figures of OpenAI-compatible runs in the KPIs, the time series, the histogram, the
 * comparison and the Prometheus counters, by hand, on both databases: read from each run's
 * token_metrics, completed runs only for distributions, exact whatever the range, and runs
 * without token metrics (TinyFish) left out.
 */
import type { TokenMetrics } from '@tfbench/domain/provider';
import { expect, it } from 'vitest';
import {
  compareSamples,
  getRunHistogram,
  getRunTimeseries,
  renderPrometheusMetrics,
} from '../src/reporting/index.js';
import { getDashboardKpis } from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const minute = (n: number) => new Date(T0 + n * 60_000);
/** A sample reference's date-time: ISO-8601 without milliseconds (the syntax has no dots). */
const at = (n: number) => minute(n).toISOString().replace('.000', '');

function tokens(output: number, tpot: number, perS: number, ttfat: number): TokenMetrics {
  return {
    input_tokens: 10,
    output_tokens: output,
    reasoning_tokens: null,
    output_tokens_source: 'usage',
    time_to_first_answer_token_ms: ttfat,
    tpot_ms: tpot,
    output_tokens_per_s: perS,
    chunks: output,
    max_tokens_per_chunk: null,
    finish_reason: 'stop',
  };
}

describeEachDatabase('token figures in analytics', (getDb) => {
  const deps = () => ({ db: getDb() });

  async function seed() {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id, 'llm');
    const completed = [
      tokens(100, 20, 50, 200),
      tokens(200, 25, 40, 300),
      tokens(300, 10, 100, 400),
      tokens(400, 40, 25, 500),
    ];
    for (const [i, token_metrics] of completed.entries()) {
      await seedRun(getDb(), scenario.id, {
        status: 'completed',
        total_duration_ms: 1_000,
        ttft_ms: 100,
        token_metrics,
        created_at: minute(i),
      });
    }
    // A failed run's tokens count in the counters, not in the distributions.
    await seedRun(getDb(), scenario.id, {
      status: 'failed',
      token_metrics: tokens(7, 1, 1, 1),
      created_at: minute(5),
    });
    // A run without token metrics (TinyFish) is left out of every token figure.
    await seedRun(getDb(), scenario.id, { status: 'completed', total_duration_ms: 5, created_at: minute(6) });
    return scenario;
  }

  it('KPIs give token sums and per-run distributions over completed runs', async () => {
    await seed();
    const kpis = await getDashboardKpis(deps(), { from: minute(0), to: minute(10) });
    expect(kpis.tokens).toMatchObject({ runs: 4, input_tokens: 40, output_tokens: 1_000 });
    expect(kpis.tokens?.output_tokens_per_minute).toBeCloseTo(1_000 / 10, 9);
    expect(kpis.tokens?.tpot_ms.mean).toBeCloseTo(23.75, 9);
    expect(kpis.tokens?.tpot_ms.p50).toBeCloseTo(22.5, 9);
    expect(kpis.tokens?.output_tokens_per_s.mean).toBeCloseTo(53.75, 9);
    expect(kpis.tokens?.time_to_first_answer_token_ms.p50).toBeCloseTo(350, 9);
    expect(kpis.tokens?.output_tokens_per_run.mean).toBeCloseTo(250, 9);
    // A wide range with runs days apart reads the rest from the rollups; token figures stay exact.
    const scenario = (await getDashboardKpis(deps(), {})).recent_runs[0]!.scenario_id;
    await seedRun(getDb(), scenario, {
      status: 'completed',
      total_duration_ms: 5,
      created_at: minute(-3 * 1440),
    });
    const wide = await getDashboardKpis(deps(), { from: new Date(T0 - 30 * 86_400_000), to: minute(10) });
    expect(wide.source).toBe('rollups');
    expect(wide.tokens?.tpot_ms.p50).toBeCloseTo(22.5, 9);
    expect((await getDashboardKpis(deps(), { from: minute(100), to: minute(110) })).tokens).toBeNull();
  });

  it('the time series and the histogram accept token figures, exact over any range', async () => {
    const scenario = await seed();
    const series = await getRunTimeseries(deps(), {
      metric: 'tpot_ms',
      bucket: '1h',
      scenario_id: scenario.id,
      from: new Date(T0 - 30 * 86_400_000),
      to: minute(60),
    });
    expect(series.source).toBe('exact');
    const filled = series.points.filter((p) => p.count > 0);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ count: 4 });
    expect((filled[0] as { mean: number }).mean).toBeCloseTo(23.75, 9);
    const perS = await getRunTimeseries(deps(), {
      metric: 'output_tokens_per_s',
      bucket: '1m',
      from: minute(0),
      to: minute(10),
    });
    expect(perS.points.map((p) => p.count)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const histogram = await getRunHistogram(deps(), { metric: 'output_tokens', bins: 4, scale: 'linear' });
    expect(histogram).toMatchObject({ source: 'exact', count: 4, min: 100, max: 400 });
    expect(histogram.bins.reduce((n, b) => n + b.count, 0)).toBe(4);
  });

  it('compare adds token figures when a side has them, output tokens/s higher-is-better', async () => {
    const scenario = await seed();
    const result = await compareSamples(deps(), {
      a: `scenario:${scenario.id}@${at(0)}..${at(2)}`,
      b: `scenario:${scenario.id}@${at(2)}..${at(10)}`,
    });
    expect(result.metrics.tpot_ms?.a.n).toBe(2);
    expect(result.metrics.output_tokens_per_s?.b.n).toBe(2);
    expect(result.metrics.input_tokens).toBeDefined();
  });

  it('Prometheus exports input and output token counters per scenario', async () => {
    const scenario = await seed();
    const text = await renderPrometheusMetrics(deps());
    expect(text).toContain('# TYPE tfbench_output_tokens_total counter');
    expect(text).toContain(`tfbench_output_tokens_total{scenario_id="${scenario.id}",scenario="llm"} 1007`);
    expect(text).toContain(`tfbench_input_tokens_total{scenario_id="${scenario.id}",scenario="llm"} 50`);
  });
});
