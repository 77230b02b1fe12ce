// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Automation, Scenario } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { ScenarioFormDialog } from '@/components/scenarios/scenario-form';
import { mutations } from '@/lib/api';
import { type Answer, apiServerForFile, validationError } from '../helpers/api-server';
import { scenarioOf } from '../helpers/scenario';

/** What the API says to a saved scenario; each test sets it. */
let onSave: (body: unknown) => Answer = () => ({ status: 500 });

const ESTIMATE = {
  kind: 'run',
  ticks_per_day: 288,
  runs_per_tick: 1,
  runs_per_day: 288,
  cost_per_run_usd: null,
  cost_per_day_usd: null,
  cost_basis: { source: 'none', runs: 0 },
};

const api = apiServerForFile((req) =>
  req.path === '/api/v1/scenarios/schedule-estimate' ? { status: 200, body: ESTIMATE } : onSave(req.body),
);

const AUTOMATIONS = [
  { id: 3, name: 'Shop', provider: 'tinyfish', default_inputs: {}, config: {} },
  { id: 4, name: 'Search', provider: 'tinyfish', default_inputs: {}, config: {} },
] as unknown as Automation[];

const STORED = scenarioOf({
  id: 11,
  name: 'Nightly',
  automation_id: 4,
  description: 'Checks the search page',
  inputs_template: { goal: 'Find shoes' },
  run_settings: { iterations: 5, retries: 2 },
});

function renderForm(scenario?: Scenario) {
  const saved: Scenario[] = [];
  render(
    <ScenarioFormDialog
      open
      onOpenChange={() => undefined}
      scenario={scenario}
      automations={AUTOMATIONS}
      save={(body) =>
        scenario ? mutations.updateScenario(scenario.id, body) : mutations.createScenario(body)
      }
      onSaved={(s) => saved.push(s)}
    />,
  );
  const dialog = screen.getByRole('dialog', { name: scenario ? `Edit ${scenario.name}` : 'New scenario' });
  return { dialog, saved, field: (label: string) => within(dialog).getByLabelText(label, { exact: false }) };
}

/** The text of the message a control points to with aria-describedby (its hint, then its error). */
function describedBy(control: HTMLElement): string {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

describe('ScenarioFormDialog', () => {
  it('checks the typed numbers, JSON and schedule before sending anything', async () => {
    const user = userEvent.setup({ delay: null });
    const { dialog, field } = renderForm();
    await user.type(field('Inputs (JSON)'), '{{"goal": ');
    await user.type(field('Iterations'), '2.5');
    await user.type(field('Every (seconds)'), '60');
    await user.type(field('Or cron'), '*/5 * * * *');
    await user.click(within(dialog).getByRole('switch', { name: 'Scheduled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create scenario' }));

    expect(describedBy(field('Name'))).toContain('Give the scenario a name.');
    expect(describedBy(field('Inputs (JSON)'))).toMatch(/Inputs is not valid JSON/);
    expect(describedBy(field('Iterations'))).toContain('Iterations must be a whole number.');
    expect(describedBy(field('Or cron'))).toContain('Use an interval or a cron expression, not both.');
    expect(field('Or cron').getAttribute('aria-invalid')).toBe('true');
    expect(api.sent('POST', '/api/v1/scenarios')).toEqual([]);
  });

  it('sends the scenario with its run settings, and keeps settings the form does not edit', async () => {
    const user = userEvent.setup({ delay: null });
    onSave = (body) => ({ status: 200, body: { ...STORED, ...(body as object) } });
    const { dialog, saved, field } = renderForm(STORED);
    expect((field('Name') as HTMLInputElement).value).toBe('Nightly');
    await user.clear(field('Iterations'));
    await user.type(field('Iterations'), '20');
    await user.type(field('Concurrency'), '4');
    await user.type(field('Timeout (s)'), '1.5');
    await user.type(field('Every (seconds)'), '300');
    await user.click(within(dialog).getByRole('switch', { name: 'Scheduled' }));
    await user.type(field('Thresholds'), '\n  p95(total_duration_ms) < 30000  ');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('PUT', '/api/v1/scenarios/11').map((r) => r.body)).toEqual([
      {
        name: 'Nightly',
        automation_id: 4,
        description: 'Checks the search page',
        inputs_template: { goal: 'Find shoes' },
        run_settings: {
          retries: 2,
          interval_seconds: 300,
          schedule_kind: 'run',
          iterations: 20,
          concurrency: 4,
          timeout_s: 1.5,
        },
        thresholds: ['success_rate >= 0.9', 'p95(total_duration_ms) < 30000'],
        assertions: [],
        schedule_enabled: true,
      },
    ]);
  });

  it('puts each of the API’s threshold and assertion messages under its field', async () => {
    const user = userEvent.setup({ delay: null });
    onSave = () =>
      validationError({
        'thresholds.0': 'thresholds.0: unknown metric "p95(foo)"',
        'thresholds.1': 'success_rate must be between 0 and 1',
        'assertions.0.type': 'invalid option',
        'run_settings.cron': 'not a cron expression',
      });
    const { dialog, saved, field } = renderForm(STORED);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await expect.poll(() => field('Thresholds').getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(field('Thresholds'))).toContain(
      'Threshold on line 1: unknown metric "p95(foo)"\nThreshold on line 2: success_rate must be between 0 and 1',
    );
    expect(describedBy(field('Assertions (JSON array)'))).toContain('Assertion 1 (type): invalid option');
    expect(describedBy(field('Or cron'))).toContain('not a cron expression');
    expect(within(dialog).queryByTestId('form-error')).toBeNull();
    expect(saved).toEqual([]);
  });

  it('says a deleted automation at its field, and other failures at the form’s end', async () => {
    const user = userEvent.setup({ delay: null });
    onSave = () => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'automation 4 not found' } },
    });
    const { dialog, field } = renderForm(STORED);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await expect.poll(() => describedBy(field('Automation'))).toContain('automation 4 not found');

    onSave = () => ({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'db down' } } });
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await expect
      .poll(() => within(dialog).queryByTestId('form-error')?.textContent)
      .toBe('The API is busy or one of its services is down. Try again in a moment.');
  });
});
