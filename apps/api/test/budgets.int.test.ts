/**
 * Spend limits on a live API (the embedded worker executing runs against the mock, whose
 * runs cost 3 steps x $0.016): a benchmark's max_cost_usd stops it with its reason, and
 * TFBENCH_DAILY_BUDGET_USD refuses new runs, benchmarks and schedule ticks once the UTC day's
 * runs have cost that much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as live from './engine-helpers.js';
import { eventually } from './helpers.js';

async function liveApiWith(env: Record<string, string>) {
  const api = await live.startFreshLiveApi('pglite', env);
  const automation = await live.postJson(api.base, '/api/v1/automations', { name: 'spend' });
  const scenario = await live.postJson(api.base, '/api/v1/scenarios', {
    name: 'spend',
    automation_id: automation.json.id,
    inputs_template: { mock: live.FAST_MOCK },
  });
  expect(scenario.status).toBe(201);
  return { api, scenarioId: scenario.json.id as number };
}

const finished = (api: live.LiveApi, url: string) =>
  eventually(
    async () => {
      const { json } = await live.getJson(api.base, url);
      return ['pending', 'running'].includes(json.status as string) ? undefined : json;
    },
    url,
    30_000,
  );

describe('a benchmark with max_cost_usd', () => {
  let setup: Awaited<ReturnType<typeof liveApiWith>>;
  beforeAll(async () => {
    setup = await liveApiWith({});
  });
  afterAll(async () => {
    await setup?.api.close();
  });

  it('stops once its runs have cost the cap, and says why', async () => {
    const { api, scenarioId } = setup;
    const created = await live.postJson(api.base, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 30,
      concurrency: 1,
      max_cost_usd: 0.1,
    });
    expect(created.status).toBe(201);
    expect(created.json.settings).toMatchObject({ max_cost_usd: 0.1 });
    expect(created.json.stop_reason).toBeNull();

    const stopped = await finished(api, `/api/v1/benchmarks/${created.json.id}`);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.stop_reason).toMatch(/reaching max_cost_usd of \$0\.1/);
    const counts = stopped.counts as Record<string, number>;
    // $0.048 a run: the cap is reached by the third run, give or take one in flight.
    expect(counts.completed).toBeGreaterThanOrEqual(3);
    expect(counts.completed).toBeLessThanOrEqual(4);
    expect(counts.cancelled).toBe(30 - (counts.completed ?? 0) - (counts.failed ?? 0));
    const runs = await live.getJson(
      api.base,
      `/api/v1/runs?benchmark_id=${created.json.id}&status=cancelled&limit=1`,
    );
    expect(JSON.stringify(runs.json)).toContain('BENCHMARK_COST_CAP_REACHED');
    // The list shows the reason too.
    const listed = await live.getJson(api.base, '/api/v1/benchmarks?limit=1');
    expect(JSON.stringify(listed.json)).toContain('max_cost_usd');
  });

  it('refuses a cap that is not a positive number of dollars, naming the field', async () => {
    for (const cap of [0, -1, 'ten', 2_000_000]) {
      const refused = await live.postJson(setup.api.base, '/api/v1/benchmarks', {
        scenario_id: setup.scenarioId,
        iterations: 1,
        concurrency: 1,
        max_cost_usd: cap,
      });
      expect(refused.status, String(cap)).toBe(400);
      expect((refused.json.error as live.Json).details).toEqual([
        expect.objectContaining({ field: expect.stringMatching(/(^|\.)max_cost_usd$/) }),
      ]);
    }
  });
});

describe('TFBENCH_DAILY_BUDGET_USD', () => {
  let setup: Awaited<ReturnType<typeof liveApiWith>>;
  beforeAll(async () => {
    setup = await liveApiWith({ TFBENCH_DAILY_BUDGET_USD: '0.04' });
  });
  afterAll(async () => {
    await setup?.api.close();
  });

  it('refuses new runs, benchmarks and schedule ticks with 402 BUDGET_EXHAUSTED once the day is spent', async () => {
    const { api, scenarioId } = setup;
    const first = await live.postJson(api.base, '/api/v1/runs/trigger', { scenario_id: scenarioId });
    expect(first.status).toBe(201);
    expect(await finished(api, `/api/v1/runs/${first.json.id}`)).toMatchObject({ status: 'completed' });

    const refused = await live.postJson(api.base, '/api/v1/runs/trigger', { scenario_id: scenarioId });
    expect(refused.status).toBe(402);
    const error = refused.json.error as live.Json;
    expect(error.code).toBe('BUDGET_EXHAUSTED');
    expect(error.message).toMatch(/daily budget of \$0\.04 is spent/);
    expect(error.details).toMatchObject({
      daily_budget_usd: 0.04,
      spent_usd: expect.any(Number),
      resets_at: expect.stringMatching(/T00:00:00\.000Z$/),
    });
    const benchmark = await live.postJson(api.base, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 1,
      concurrency: 1,
    });
    expect(benchmark.status).toBe(402);

    // A schedule ticking every second fires nothing while the budget is spent.
    const runsBefore = await live.getJson(api.base, `/api/v1/runs?scenario_id=${scenarioId}&limit=1000`);
    const scheduled = await live.postJson(api.base, '/api/v1/scenarios', {
      name: 'every second',
      automation_id: (await live.getJson(api.base, `/api/v1/scenarios/${scenarioId}`)).json.automation_id,
      inputs_template: { mock: live.FAST_MOCK },
      run_settings: { interval_seconds: 1 },
    });
    expect(scheduled.status).toBe(201);
    const on = await live.postJson(api.base, `/api/v1/scenarios/${scheduled.json.id}/schedule`, {
      enabled: true,
    });
    expect(on.status).toBe(200);
    // Ticks are claimed (next_run_at moves on) but start nothing.
    await eventually(async () => {
      const { json } = await live.getJson(api.base, `/api/v1/scenarios/${scheduled.json.id}`);
      return Date.parse(json.next_run_at as string) > Date.parse(on.json.next_run_at as string) + 1_500
        ? json
        : undefined;
    }, 'two schedule ticks');
    const scheduledRuns = await live.getJson(api.base, `/api/v1/runs?scenario_id=${scheduled.json.id}`);
    expect(scheduledRuns.json).toEqual([]);
    const runsAfter = await live.getJson(api.base, `/api/v1/runs?scenario_id=${scenarioId}&limit=1000`);
    expect(runsAfter.json).toEqual(runsBefore.json);
  });
});
