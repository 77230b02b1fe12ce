/**
 * /api/v1/config with datasets and saved benchmark definitions, on PGlite and PostgreSQL:
 * items made through their own routes are exported under keys (a scenario's dataset and a
 * benchmark's scenario by key, a dataset with its rows or its generator's spec); the export
 * applied to an empty server exports the same document; a changed row set or setting is an
 * update; prune deletes them. References the document does not declare, ids in place of
 * keys, and bad settings are 400s naming the field; an oversize document is a 413 saying
 * the limit; nothing is stored.
 */
import { CONFIG_LIMITS, type ConfigDocumentInput, type ConfigPlan } from '@tfbench/contract';
import { describeEachDatabase, resetDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import {
  expectErrorEnvelope,
  fieldsOf,
  postCreated,
  postJson,
  storedFingerprint,
  useApp,
} from './helpers.js';

const SYNTHETIC = { rows: 4, prompt_tokens: { mean: 40, sd: 5 }, output_tokens: 16, seed: 9 };

describeEachDatabase('configuration as code API: datasets and benchmarks', (getDb) => {
  const app = useApp(getDb);

  const apply = async (body: object) => {
    const response = await postJson(app(), '/api/v1/config/apply', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ConfigPlan;
  };
  const exported = async () => {
    const response = await app().inject({ method: 'GET', url: '/api/v1/config/export' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ConfigDocumentInput;
  };
  const actions = (plan: ConfigPlan) =>
    plan.items.map(
      (item) =>
        `${item.action} ${item.kind} ${item.key}${item.fields.length > 0 ? ` (${item.fields.join(', ')})` : ''}`,
    );

  /** What a person makes in the dashboard: no keys anywhere. */
  async function makeThroughRoutes(): Promise<void> {
    const automation = await postCreated(app(), '/api/v1/automations', { name: 'Shop' });
    const prompts = await postCreated(app(), '/api/v1/datasets', {
      name: 'Prompts',
      rows: [
        { prompt: 'a', n: 1 },
        { prompt: 'b', nested: { x: [1, 2] } },
      ],
    });
    await postCreated(app(), '/api/v1/datasets', { name: 'Generated', synthetic: SYNTHETIC });
    const scenario = await postCreated(app(), '/api/v1/scenarios', {
      name: 'Per row',
      automation_id: automation.id,
      inputs_template: { goal: '{{row.prompt}}' },
      run_settings: { dataset: { id: prompts.id, order: 'shuffle', seed: 3 } },
    });
    await postCreated(app(), '/api/v1/benchmark-definitions', {
      name: 'Nightly',
      scenario_id: scenario.id,
      iterations: 4,
      concurrency: 2,
      arrival: 'constant',
      rate_per_s: 1.5,
      thresholds: ['success_rate >= 0.5'],
    });
  }

  it('exports datasets and benchmarks by key, and the round trip through an empty server holds', async () => {
    await makeThroughRoutes();
    const document = await exported();
    expect(document).toEqual({
      automations: [{ key: 'shop', name: 'Shop', provider: 'tinyfish' }],
      datasets: [
        { key: 'generated', name: 'Generated', synthetic: SYNTHETIC },
        {
          key: 'prompts',
          name: 'Prompts',
          rows: [
            { prompt: 'a', n: 1 },
            { prompt: 'b', nested: { x: [1, 2] } },
          ],
        },
      ],
      scenarios: [
        {
          key: 'per-row',
          name: 'Per row',
          automation: 'shop',
          inputs_template: { goal: '{{row.prompt}}' },
          run_settings: { dataset: { key: 'prompts', order: 'shuffle', seed: 3 } },
        },
      ],
      benchmarks: [
        {
          key: 'nightly',
          name: 'Nightly',
          scenario: 'per-row',
          iterations: 4,
          concurrency: 2,
          arrival: 'constant',
          rate_per_s: 1.5,
          thresholds: ['success_rate >= 0.5'],
        },
      ],
    });
    // Applied back to the same server: each unkeyed item is taken over, none duplicated.
    const takeover = await apply({ document });
    expect(takeover.counts).toEqual({ create: 0, update: 5, delete: 0, unchanged: 0 });
    expect(takeover.items.every((item) => item.fields.join() === 'key')).toBe(true);

    await resetDatabase(getDb());
    expect(actions(await apply({ document }))).toEqual([
      'create automation shop',
      'create dataset generated',
      'create dataset prompts',
      'create scenario per-row',
      'create benchmark nightly',
    ]);
    expect(await exported()).toEqual(document);
    const again = await postJson(app(), '/api/v1/config/plan', { document });
    expect(again.json().counts).toEqual({ create: 0, update: 0, delete: 0, unchanged: 5 });
    // The scenario stores the new server's dataset id, and the definition starts.
    const [dataset] = (await app().inject({ method: 'GET', url: '/api/v1/datasets' })).json();
    const [scenario] = (await app().inject({ method: 'GET', url: '/api/v1/scenarios' })).json();
    expect(scenario.run_settings.dataset).toEqual({ id: dataset.id, order: 'shuffle', seed: 3 });
    const [definition] = (await app().inject({ method: 'GET', url: '/api/v1/benchmark-definitions' })).json();
    const run = await app().inject({
      method: 'POST',
      url: `/api/v1/benchmark-definitions/${definition.id}/run`,
    });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({
      name: 'Nightly',
      settings: { iterations: 4, dataset: { id: dataset.id } },
    });
  });

  it('updates a dataset whose rows changed and a benchmark whose settings changed; prune deletes them', async () => {
    await makeThroughRoutes();
    const document = await exported();
    await apply({ document });
    const [generated, prompts] = document.datasets ?? [];
    const [nightly] = document.benchmarks ?? [];
    const { rate_per_s: _rate, ...closed } = { ...nightly, arrival: 'closed' as const, concurrency: 3 };
    const changed = {
      ...document,
      datasets: [generated, { ...prompts, rows: [{ prompt: 'a', n: 1 }, { prompt: 'c' }] }],
      benchmarks: [closed],
    };
    expect(actions(await apply({ document: changed }))).toEqual([
      'unchanged automation shop',
      'unchanged dataset generated',
      'update dataset prompts (rows)',
      'unchanged scenario per-row',
      'update benchmark nightly (concurrency, arrival, rate_per_s)',
    ]);
    expect(await exported()).toEqual(changed);
    // Newest first: the generated dataset, then the prompts, now of two rows still, but new ones.
    const listed = (await app().inject({ method: 'GET', url: '/api/v1/datasets' })).json();
    expect(listed.map((d: { key: string; row_count: number }) => [d.key, d.row_count])).toEqual([
      ['generated', 4],
      ['prompts', 2],
    ]);
    const rows = await app().inject({ method: 'GET', url: `/api/v1/datasets/${listed[1].id}/rows` });
    expect(rows.json().map((row: { data: unknown }) => row.data)).toEqual([
      { prompt: 'a', n: 1 },
      { prompt: 'c' },
    ]);

    const withoutThem = {
      automations: document.automations,
      datasets: [],
      scenarios: [{ ...document.scenarios?.[0], run_settings: {} }],
      benchmarks: [],
    };
    expect(actions(await apply({ document: withoutThem, prune: true }))).toEqual([
      'unchanged automation shop',
      'update scenario per-row (run_settings)',
      'delete benchmark nightly',
      'delete dataset prompts',
      'delete dataset generated',
    ]);
    // An export leaves settings at their defaults out.
    const { run_settings: _cleared, ...scenario } = withoutThem.scenarios[0] ?? {};
    expect(await exported()).toEqual({ ...withoutThem, scenarios: [scenario] });
  });

  it.each([
    [
      'a scenario naming an undeclared dataset key',
      { scenarios: [{ key: 's', name: 'S', automation: 'a', run_settings: { dataset: { key: 'nope' } } }] },
      'document.scenarios.0.run_settings.dataset.key',
    ],
    [
      'a scenario naming its dataset by id',
      { scenarios: [{ key: 's', name: 'S', automation: 'a', run_settings: { dataset: { id: 1 } } }] },
      'document.scenarios.0.run_settings.dataset.id',
    ],
    [
      'a benchmark naming an undeclared scenario',
      { benchmarks: [{ key: 'b', name: 'B', scenario: 'missing', iterations: 1, concurrency: 1 }] },
      'document.benchmarks.0.scenario',
    ],
    [
      'a benchmark whose settings a request would refuse',
      {
        scenarios: [{ key: 's', name: 'S', automation: 'a' }],
        benchmarks: [
          { key: 'b', name: 'B', scenario: 's', iterations: 1, concurrency: 1, arrival: 'poisson' },
        ],
      },
      'document.benchmarks.0.rate_per_s',
    ],
    ['a dataset with no rows', { datasets: [{ key: 'd', name: 'D', rows: [] }] }, 'document.datasets.0.rows'],
    [
      'a dataset row that is not an object',
      { datasets: [{ key: 'd', name: 'D', rows: [1] }] },
      'document.datasets.0.rows.0',
    ],
    [
      'an unknown field of a benchmark',
      { benchmarks: [{ key: 'b', name: 'B', scenario: 's', iterations: 1, concurrency: 1, colour: 'red' }] },
      'document.benchmarks.0.colour',
    ],
  ])('answers 400 naming the field for %s, storing nothing', async (_case, items, field) => {
    const before = await storedFingerprint(getDb());
    const document = { automations: [{ key: 'a', name: 'A' }], ...items };
    const response = await postJson(app(), '/api/v1/config/apply', { document });
    expect(response.statusCode, response.body).toBe(400);
    const named = fieldsOf(expectErrorEnvelope(response).details).map((f) =>
      f.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1'),
    );
    expect(named, response.body).toContain(field);
    expect(await storedFingerprint(getDb())).toEqual(before);
  });

  it('answers 413 saying the 4 MiB limit to a document whose dataset rows are too big', async () => {
    const row = { prompt: 'x'.repeat(1024) };
    const rows = Array.from({ length: 4200 }, () => row);
    const response = await postJson(app(), '/api/v1/config/apply', {
      document: { datasets: [{ key: 'big', name: 'Big', rows }] },
    });
    expect(response.statusCode).toBe(413);
    const error = expectErrorEnvelope(response);
    expect(error.message).toContain(`${CONFIG_LIMITS.maxBodyBytes} bytes (4 MiB)`);
    expect((await app().inject({ method: 'GET', url: '/api/v1/datasets' })).json()).toEqual([]);
  });
});
