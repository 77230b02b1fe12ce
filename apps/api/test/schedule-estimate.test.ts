/**
 * The estimate of a schedule's runs and cost per day, before it is switched on: of unsaved
 * settings (the form's preview) and of a stored scenario, with hostile inputs, on PGlite and
 * PostgreSQL.
 */
import { runs } from '@tfbench/core/db';
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, postJson, seedReadmeExamples, useApp } from './helpers.js';

const PREVIEW = '/api/v1/scenarios/schedule-estimate';

describeEachDatabase('schedule estimate API', (getDb) => {
  const app = useApp(getDb);

  beforeEach(async () => {
    // The README's automation 1 and scenario 1 (interval_seconds 300, schedule off).
    await seedReadmeExamples(app());
  });

  /** Completed runs of scenario 1 with these costs (and one without a cost, left out). */
  async function seedCosts(costs: number[]) {
    await getDb()
      .db.insert(runs)
      .values([
        ...costs.map((cost_usd) => ({ scenario_id: 1, inputs: {}, status: 'completed' as const, cost_usd })),
        { scenario_id: 1, inputs: {}, status: 'failed' as const, cost_usd: 100 },
        { scenario_id: 1, inputs: {}, status: 'completed' as const },
      ]);
  }

  it('says a benchmark of 30 runs every 60 s is 43,200 runs a day, priced from the scenario', async () => {
    await seedCosts([1.5, 2.0, 1.87]);
    const response = await postJson(app(), PREVIEW, {
      scenario_id: 1,
      run_settings: { interval_seconds: 60, schedule_kind: 'benchmark', iterations: 30 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const estimate = response.json();
    expect(estimate).toMatchObject({
      kind: 'benchmark',
      ticks_per_day: 1440,
      runs_per_tick: 30,
      runs_per_day: 43_200,
      cost_basis: { source: 'scenario', runs: 3 },
    });
    expect(estimate.cost_per_run_usd).toBeCloseTo(1.79, 10);
    expect(estimate.cost_per_day_usd).toBeCloseTo(1.79 * 43_200, 6);
  });

  it('counts one run per tick by default, cron ticks in the next day, and says when nothing prices a run', async () => {
    const single = await postJson(app(), PREVIEW, { run_settings: { cron: '*/15 * * * *', iterations: 30 } });
    expect(single.json()).toEqual({
      kind: 'run',
      ticks_per_day: 96,
      runs_per_tick: 1,
      runs_per_day: 96,
      cost_per_run_usd: null,
      cost_per_day_usd: null,
      cost_basis: { source: 'none', runs: 0 },
    });
    // Every second, counted partly and extrapolated; warm-ups count as runs.
    const busy = await postJson(app(), PREVIEW, {
      run_settings: { cron: '* * * * * *', schedule_kind: 'benchmark', iterations: 2, warmup_runs: 1 },
    });
    expect(busy.json()).toMatchObject({ ticks_per_day: 86_400, runs_per_tick: 3, runs_per_day: 259_200 });
    // No recurrence yet: no daily figures, but the per-tick ones.
    const none = await postJson(app(), PREVIEW, {
      run_settings: { schedule_kind: 'benchmark', iterations: 5 },
    });
    expect(none.json()).toMatchObject({ ticks_per_day: null, runs_per_tick: 5, runs_per_day: null });
  });

  it('estimates a stored scenario, and prices from its automation when it has no runs', async () => {
    await seedCosts([0.5]);
    const second = await postJson(app(), '/api/v1/scenarios', {
      name: 'second',
      automation_id: 1,
      run_settings: { interval_seconds: 3600 },
    });
    expect(second.statusCode).toBe(201);
    const stored = await app().inject({
      method: 'GET',
      url: `/api/v1/scenarios/${second.json().id}/schedule/estimate`,
    });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json()).toEqual({
      kind: 'run',
      ticks_per_day: 24,
      runs_per_tick: 1,
      runs_per_day: 24,
      cost_per_run_usd: 0.5,
      cost_per_day_usd: 12,
      cost_basis: { source: 'automation', runs: 1 },
    });
    expect(
      (await app().inject({ method: 'GET', url: '/api/v1/scenarios/999/schedule/estimate' })).statusCode,
    ).toBe(404);
  });

  it('refuses hostile input with a 400 naming the field', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{}, ['body.run_settings']],
      [{ run_settings: [] }, ['body.run_settings']],
      [{ run_settings: { cron: 'nonsense' } }, ['body.run_settings.cron']],
      [{ run_settings: { interval_seconds: 0 } }, ['body.run_settings.interval_seconds']],
      [{ run_settings: { interval_seconds: 60, cron: '* * * * *' } }, ['body.run_settings']],
      [
        { run_settings: { interval_seconds: 60, schedule_kind: 'often' } },
        ['body.run_settings.schedule_kind'],
      ],
      [{ run_settings: {}, scenario_id: 'one' }, ['body.scenario_id']],
      [{ run_settings: {}, scenario_id: 2 ** 40 }, ['body.scenario_id']],
      [{ run_settings: {}, extra: true }, ['body.extra']],
    ];
    for (const [body, fields] of cases) {
      const response = await postJson(app(), PREVIEW, body as object);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(response).details), JSON.stringify(body)).toEqual(
        expect.arrayContaining(fields),
      );
    }
    const missing = await postJson(app(), PREVIEW, { run_settings: {}, scenario_id: 77 });
    expect(missing.statusCode).toBe(404);
  });
});
