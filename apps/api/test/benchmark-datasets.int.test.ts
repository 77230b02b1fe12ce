/**
 * Benchmarks over a dataset end to end on each database (embedded worker, in-process mock):
 * each run's inputs come from one row through {{row.FIELD}} templates and the run stores the
 * row's index; results slice per row; a scenario names its dataset in run_settings.dataset,
 * which keeps the dataset from being deleted without cascade.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_MOCK, getJson, type Json, postJson } from './engine-helpers.js';
import * as load from './load-helpers.js';

describe.each(load.BACKENDS)('benchmarks over a dataset [%s]', (backend) => {
  const api = load.useLoadApi(backend);
  let datasetId: number;
  let scenarioId: number;
  beforeAll(async () => {
    const dataset = await load.created(api(), '/api/v1/datasets', {
      name: 'rows',
      rows: [
        { goal: 'g0', mock: FAST_MOCK },
        { goal: 'g1', mock: { ...FAST_MOCK, outcome: 'FAILED' } },
        { goal: 'g2', mock: FAST_MOCK },
      ],
    });
    datasetId = dataset.id as number;
    const automation = await load.created(api(), '/api/v1/automations', { name: 'rows' });
    const scenario = await load.created(api(), '/api/v1/scenarios', {
      name: 'rows',
      automation_id: automation.id,
      inputs_template: { url: 'https://example.com', goal: 'Find {{row.goal}}', mock: '{{row.mock}}' },
      run_settings: { dataset: { id: datasetId } },
    });
    scenarioId = scenario.id as number;
  }, 60_000);

  it("fills each run's inputs from its row, stores the row index, and slices results per row", async () => {
    // No dataset in the request: the scenario's run_settings.dataset applies.
    const { benchmark, done } = await load.benchmarkToEnd(api(), {
      scenario_id: scenarioId,
      iterations: 6,
      concurrency: 1,
    });
    expect(benchmark.settings).toMatchObject({ dataset: { id: datasetId, order: 'sequential', seed: 1 } });
    expect(done.counts).toMatchObject({ completed: 4, failed: 2 });
    const runs = (await getJson(api().base, `/api/v1/runs?benchmark_id=${benchmark.id}&limit=100`))
      .json as unknown as {
      items?: Json[];
    };
    const list = (Array.isArray(runs) ? runs : (runs.items ?? [])) as Json[];
    const byRow = list
      .map((run) => [run.dataset_row, (run.inputs as Json).goal] as const)
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(byRow).toEqual([
      [0, 'Find g0'],
      [0, 'Find g0'],
      [1, 'Find g1'],
      [1, 'Find g1'],
      [2, 'Find g2'],
      [2, 'Find g2'],
    ]);
    const rows = await getJson(api().base, `/api/v1/benchmarks/${benchmark.id}/rows`);
    expect(rows.status).toBe(200);
    expect(rows.json).toEqual([
      expect.objectContaining({ row: 0, runs: 2, completed: 2, failed: 0, success_rate: 1 }),
      expect.objectContaining({
        row: 1,
        runs: 2,
        completed: 0,
        failed: 2,
        success_rate: 0,
        total_duration_ms_p50: null,
      }),
      expect.objectContaining({ row: 2, runs: 2, completed: 2, failed: 0, success_rate: 1 }),
    ]);
    expect((rows.json as unknown as Json[])[0]!.total_duration_ms_p95).toEqual(expect.any(Number));
  }, 60_000);

  it('refuses an unknown dataset (404) and templates naming fields the dataset lacks (400)', async () => {
    /** Ask for a one-run benchmark of the scenario over `dataset`. */
    const oneRunOver = (dataset: Json) =>
      postJson(api().base, '/api/v1/benchmarks', {
        scenario_id: scenarioId,
        iterations: 1,
        concurrency: 1,
        dataset,
      });
    const unknown = await oneRunOver({ id: 99999 });
    expect(unknown.status).toBe(404);
    const other = await load.created(api(), '/api/v1/datasets', { name: 'no goal', rows: [{ prompt: 'x' }] });
    const lacking = await oneRunOver({ id: other.id, order: 'shuffle' });
    expect(lacking.status).toBe(400);
    expect(JSON.stringify(lacking.json)).toMatch(/\{\{row\.goal\}\}.*has no such field/);
    const badOrder = await oneRunOver({ id: other.id, order: 'random' });
    expect(badOrder.status).toBe(400);
    expect(JSON.stringify(badOrder.json)).toContain('dataset');
  });

  it('keeps a dataset a scenario uses from deletion (409) unless cascade', async () => {
    const refused = await api().app.inject({ method: 'DELETE', url: `/api/v1/datasets/${datasetId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(`scenario ${scenarioId}`);
    const deleted = await api().app.inject({
      method: 'DELETE',
      url: `/api/v1/datasets/${datasetId}?cascade=true`,
    });
    expect(deleted.statusCode).toBe(204);
    const scenario = await getJson(api().base, `/api/v1/scenarios/${scenarioId}`);
    expect((scenario.json.run_settings as Json).dataset).toBeUndefined();
  });
});
