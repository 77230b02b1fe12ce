/**
 * Token figures through the API on both databases: the KPIs' `tokens`, a token time series,
 * a token histogram and a comparison serialize through the contract, and an unknown metric
 * is a 400 naming the field.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import { insertRun } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, seedReadmeExamples, useApp } from './helpers.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const FROM = new Date(T0).toISOString();
const TO = new Date(T0 + 3_600_000).toISOString();

async function seedTokenRuns(db: DatabaseHandle) {
  for (let i = 0; i < 6; i++) {
    await insertRun(db.db, {
      scenario_id: 1,
      inputs: {},
      status: 'completed',
      total_duration_ms: 2_000,
      ttft_ms: 200,
      created_at: new Date(T0 + i * 60_000),
      token_metrics: {
        input_tokens: 12,
        output_tokens: 100 + i * 10,
        reasoning_tokens: null,
        output_tokens_source: 'usage',
        time_to_first_answer_token_ms: 200,
        tpot_ms: 20 + i,
        output_tokens_per_s: 1_000 / (20 + i),
        chunks: 100 + i * 10,
        max_tokens_per_chunk: null,
        finish_reason: 'stop',
      },
    });
  }
}

describeEachDatabase('token figures through the API', (getDb) => {
  const app = useApp(getDb);
  beforeEach(async () => {
    await seedReadmeExamples(app());
    await seedTokenRuns(getDb());
  });

  const get = (url: string) => app().inject({ method: 'GET', url });

  it('serves token KPIs, series, histograms and comparisons', async () => {
    const kpis = await get(`/api/v1/runs/kpis/dashboard?from=${FROM}&to=${TO}`);
    expect(kpis.statusCode).toBe(200);
    expect(kpis.json().tokens).toMatchObject({ runs: 6, input_tokens: 72, output_tokens: 750 });
    expect(kpis.json().tokens.tpot_ms.p50).toBeCloseTo(22.5, 9);

    const series = await get(`/api/v1/analytics/timeseries?metric=tpot_ms&bucket=1h&from=${FROM}&to=${TO}`);
    expect(series.statusCode).toBe(200);
    expect(series.json()).toMatchObject({ metric: 'tpot_ms', source: 'exact' });
    expect(series.json().points[0]).toMatchObject({ count: 6, mean: 22.5 });

    const histogram = await get(
      `/api/v1/analytics/histogram?metric=output_tokens_per_s&from=${FROM}&to=${TO}`,
    );
    expect(histogram.statusCode).toBe(200);
    expect(histogram.json()).toMatchObject({ metric: 'output_tokens_per_s', count: 6 });

    const at = (ms: number) => new Date(ms).toISOString().replace('.000', '');
    const compare = await get(
      `/api/v1/analytics/compare?a=scenario:1@${at(T0)}..${at(T0 + 180_000)}&b=scenario:1@${at(T0 + 180_000)}..${at(T0 + 600_000)}`,
    );
    expect(compare.statusCode).toBe(200);
    expect(compare.json().metrics.output_tokens_per_s).toMatchObject({ a: { n: 3 }, b: { n: 3 } });
  });

  it('names the field of an unknown metric', async () => {
    const bad = await get('/api/v1/analytics/timeseries?metric=tokens_per_banana');
    expect(bad.statusCode).toBe(400);
    expectErrorEnvelope(bad);
    expect(bad.body).toContain('metric');
  });
});
