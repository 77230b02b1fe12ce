// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answer, apiServerForFile, validationError } from '../helpers/api-server';
import { renderBenchmarkDialog } from '../helpers/benchmark-dialog';
import { scenarioOf } from '../helpers/scenario';

/** What the API says to a started benchmark; each test sets it. */
let onStart: (body: unknown) => Answer = () => ({ status: 500 });

const api = apiServerForFile((req) =>
  req.path === '/api/v1/benchmarks/capacity'
    ? { status: 200, body: { workers: 1, concurrency: 4, max_concurrency: 4 } }
    : onStart(req.body),
);

const SCENARIO = scenarioOf({
  id: 5,
  name: 'Search for shoes',
  run_settings: { iterations: 12, concurrency: 2, timeout_s: 60 },
});

const renderDialog = () => renderBenchmarkDialog(SCENARIO);

function errorOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)).find((el) => el?.getAttribute('role') === 'alert')
    ?.textContent as string;
}

describe('BenchmarkDialog', () => {
  it('starts from the scenario’s settings and posts what was typed, then opens the benchmark', async () => {
    const user = userEvent.setup({ delay: null });
    onStart = (body) => ({ status: 201, body: { id: 42, ...(body as object), warnings: [] } });
    const { dialog, pushed, field } = renderDialog();
    expect((field('Iterations') as HTMLInputElement).value).toBe('12');
    expect((field('Timeout per run (s)') as HTMLInputElement).placeholder).toBe('60');
    await user.type(field('Name'), 'Before the release');
    await user.type(field('Warm-up runs'), '2');
    await user.type(field('Inputs override (JSON)'), '{{"mock": {{"steps": 2}}');
    await user.click(within(dialog).getByRole('switch', { name: /Refuse if the workers cannot hold it/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));

    await expect.poll(() => pushed).toEqual(['/benchmarks/42']);
    expect(api.sent('POST', '/api/v1/benchmarks').map((r) => r.body)).toEqual([
      {
        scenario_id: 5,
        iterations: 12,
        concurrency: 2,
        arrival: 'closed',
        name: 'Before the release',
        strict_capacity: true,
        warmup_runs: 2,
        thresholds: ['success_rate >= 0.9'],
        inputs_override: { mock: { steps: 2 } },
      },
    ]);
  });

  it('asks for a rate with open arrivals, and warns when the workers cannot hold the concurrency', async () => {
    const user = userEvent.setup({ delay: null });
    const { dialog, field } = renderDialog();
    await user.click(within(dialog).getByRole('combobox', { name: 'Arrival' }));
    await user.click(await screen.findByRole('option', { name: /Poisson/ }));
    await user.clear(field('Rate (runs per second)'));
    await user.clear(field('Concurrency'));
    await user.type(field('Concurrency'), '9');
    await within(dialog).findByTestId('benchmark-capacity-warning');
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));

    expect(errorOf(field('Rate (runs per second)'))).toBe('Open arrivals need a rate (runs per second).');
    expect(api.sent('POST', '/api/v1/benchmarks')).toEqual([]);
  });

  it('shows the API’s 400 messages under the fields they name', async () => {
    const user = userEvent.setup({ delay: null });
    onStart = () =>
      validationError({
        'thresholds.0': 'thresholds.0: unknown metric "p95(foo)"',
        iterations: 'must be at most 10000',
      });
    const { dialog, pushed, field } = renderDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));

    await expect.poll(() => field('Thresholds').getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(field('Thresholds'))).toBe('Threshold on line 1: unknown metric "p95(foo)"');
    expect(errorOf(field('Iterations'))).toBe('must be at most 10000');
    expect(pushed).toEqual([]);
  });
});
