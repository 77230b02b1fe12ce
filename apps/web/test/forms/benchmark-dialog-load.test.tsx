// @vitest-environment happy-dom
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Answer, validationError } from '../helpers/api-server';
import { benchmarkApiForFile, driveBenchmarkDialog } from '../helpers/benchmark-dialog';
import { scenarioOf } from '../helpers/scenario';

let onStart: (body: unknown) => Answer = () => ({ status: 500 });

const DATASETS = [
  {
    id: 7,
    name: 'prompts',
    source: 'csv',
    row_count: 3,
    fields: ['prompt'],
    synthetic: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  },
];

const api = benchmarkApiForFile(DATASETS, (body) => onStart(body));

const SCENARIO = scenarioOf({
  id: 5,
  name: 'Ask the model',
  run_settings: { iterations: 100, concurrency: 10 },
});

const renderDialog = () => driveBenchmarkDialog(SCENARIO);

describe('BenchmarkDialog: load profiles, dataset, early stop', () => {
  it('posts a ramping rate with its stages (no rate_per_s), a dataset, stop conditions and repeats', async () => {
    onStart = (body) => ({ status: 201, body: { id: 9, ...(body as object), warnings: [] } });
    const { dialog, pushed, user, field, choose, retype } = renderDialog();
    await choose('Arrival', /Constant rate/);
    await choose('Load shape', /Ramping stages/);
    expect(field('Rate (runs per second)').disabled).toBe(true);
    await retype('Stage 1 duration (seconds)', '1');
    await retype('Stage 1 target (runs per second)', '12');
    await retype('Stage 2 duration (seconds)', '1');
    await retype('Stage 2 target (runs per second)', '4');
    // 0 -> 12/s over 1 s, then 12 -> 4/s over 1 s: 6 + 8 = 14 arrivals, as the engine lays them out.
    expect(within(dialog).getByTestId('load-preview-caption').textContent).toBe(
      '14 runs sent over 2 s, at most 12 per second.',
    );
    expect(within(dialog).getByRole('img', { name: /Intended load/ })).toBeTruthy();
    await choose('Dataset', /prompts \(3 rows\)/);
    expect(within(dialog).getByText(/Use \{\{row\.prompt\}\}/)).toBeTruthy();
    await choose('Row order', /Shuffle/);
    await user.type(field('Row seed'), '4');
    await user.type(field('Stop early when'), 'error_rate > 0.2');
    await user.type(field('Judge after (runs)'), '5');
    await user.type(field('Repeats'), '3');
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));

    await expect.poll(() => pushed).toEqual(['/benchmarks/9']);
    const [sent] = api.sent('POST', '/api/v1/benchmarks').map((r) => r.body as Record<string, unknown>);
    expect(sent).toMatchObject({
      arrival: 'constant',
      stages: [
        { duration_s: 1, target: 12 },
        { duration_s: 1, target: 4 },
      ],
      dataset: { id: 7, order: 'shuffle', seed: 4 },
      stop_on: ['error_rate > 0.2'],
      min_runs: 5,
      repeats: 3,
    });
    expect(sent).not.toHaveProperty('rate_per_s');
  });

  it('checks closed targets against the concurrency, and draws runs in flight', async () => {
    onStart = () => ({ status: 500 });
    const { dialog, user, choose, retype } = renderDialog();
    const caption = () => within(dialog).getByTestId('load-preview-caption').textContent;
    expect(caption()).toBe('10 runs in flight from start to end.');
    await retype('Concurrency', '1');
    expect(caption()).toBe('1 run in flight from start to end.');
    await retype('Concurrency', '10');
    await choose('Load shape', /Ramping stages/);
    expect(caption()).toBe('Up to 5 runs in flight over 90 s, then the benchmark ends.');
    await retype('Stage 2 target (runs in flight)', '11');
    expect(within(dialog).getByTestId('load-preview').textContent).toMatch(
      /appears once the load settings are valid/,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));
    expect((await within(dialog).findByTestId('stages-error')).textContent).toMatch(
      /^Stage 2: target must be from 0 to 10 \(runs in flight, up to concurrency\)/,
    );
    expect(api.sent('POST', '/api/v1/benchmarks')).toEqual([]);
  });

  it('shows the API’s message about the stages under the stage editor', async () => {
    onStart = () => validationError({ 'stages.1.target': 'must be a whole number' });
    const { dialog, user, choose } = renderDialog();
    await choose('Load shape', /Ramping stages/);
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));
    expect((await within(dialog).findByTestId('stages-error')).textContent).toMatch(/must be a whole number/);
  });
});
