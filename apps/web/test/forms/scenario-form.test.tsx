// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import type { Automation } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { ScenarioFormDialog } from '@/components/scenarios/scenario-form';
import { mutations } from '@/lib/api';
import { type Answer, apiServerForFile, validationError } from '../helpers/api-server';
import { describedBy, renderScenarioForm, scheduleEstimate } from '../helpers/forms';
import { scenarioOf } from '../helpers/scenario';

/** What the API says to a saved scenario; each test sets it. */
let onSave: (body: unknown) => Answer = () => ({ status: 500 });

const ESTIMATE = scheduleEstimate(288);

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

/** The text of the messages a control points to with aria-describedby (its hint, then its error). */
function messagesOf(control: HTMLElement): string {
  return describedBy(control)
    .map((el) => el.textContent ?? '')
    .join(' | ');
}

describe('ScenarioFormDialog', () => {
  it('checks the typed numbers, JSON and schedule before sending anything', async () => {
    const { user, dialog, field, submit } = renderScenarioForm(AUTOMATIONS);
    await user.type(field('Inputs (JSON)'), '{{"goal": ');
    await user.type(field('Iterations'), '2.5');
    await user.type(field('Every (seconds)'), '60');
    await user.type(field('Or cron'), '*/5 * * * *');
    await user.click(within(dialog).getByRole('switch', { name: 'Scheduled' }));
    await submit('Create scenario');

    expect(messagesOf(field('Name'))).toContain('Give the scenario a name.');
    expect(messagesOf(field('Inputs (JSON)'))).toMatch(/Inputs is not valid JSON/);
    expect(messagesOf(field('Iterations'))).toContain('Iterations must be a whole number.');
    expect(messagesOf(field('Or cron'))).toContain('Use an interval or a cron expression, not both.');
    expect(field('Or cron').getAttribute('aria-invalid')).toBe('true');
    expect(api.sent('POST', '/api/v1/scenarios')).toEqual([]);
  });

  it('sends the scenario with its run settings, and keeps settings the form does not edit', async () => {
    onSave = (body) => ({ status: 200, body: { ...STORED, ...(body as object) } });
    const { user, dialog, saved, field, submit } = renderScenarioForm(AUTOMATIONS, STORED);
    expect((field('Name') as HTMLInputElement).value).toBe('Nightly');
    await user.clear(field('Iterations'));
    await user.type(field('Iterations'), '20');
    await user.type(field('Concurrency'), '4');
    await user.type(field('Timeout (s)'), '1.5');
    await user.type(field('Every (seconds)'), '300');
    await user.click(within(dialog).getByRole('switch', { name: 'Scheduled' }));
    await user.type(field('Thresholds'), '\n  p95(total_duration_ms) < 30000  ');
    await submit();

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
    onSave = () =>
      validationError({
        'thresholds.0': 'thresholds.0: unknown metric "p95(foo)"',
        'thresholds.1': 'success_rate must be between 0 and 1',
        'assertions.0.type': 'invalid option',
        'run_settings.cron': 'not a cron expression',
      });
    const { dialog, saved, field, submit } = renderScenarioForm(AUTOMATIONS, STORED);
    await submit();

    await expect.poll(() => field('Thresholds').getAttribute('aria-invalid')).toBe('true');
    expect(messagesOf(field('Thresholds'))).toContain(
      'Threshold on line 1: unknown metric "p95(foo)"\nThreshold on line 2: success_rate must be between 0 and 1',
    );
    expect(messagesOf(field('Assertions (JSON array)'))).toContain('Assertion 1 (type): invalid option');
    expect(messagesOf(field('Or cron'))).toContain('not a cron expression');
    expect(within(dialog).queryByTestId('form-error')).toBeNull();
    expect(saved).toEqual([]);
  });

  it('says a deleted automation at its field, and other failures at the form’s end', async () => {
    onSave = () => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'automation 4 not found' } },
    });
    const { dialog, field, submit } = renderScenarioForm(AUTOMATIONS, STORED);
    await submit();
    await expect.poll(() => messagesOf(field('Automation'))).toContain('automation 4 not found');

    onSave = () => ({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'db down' } } });
    await submit();
    await expect
      .poll(() => within(dialog).queryByTestId('form-error')?.textContent)
      .toBe('The API is busy or one of its services is down. Try again in a moment.');
  });

  it('starts a new scenario on the first automation even when the list arrives after it opened', async () => {
    const dialog = (automations: Automation[]) => (
      <ScenarioFormDialog
        open
        onOpenChange={() => {}}
        onSaved={() => {}}
        automations={automations}
        save={(body) => mutations.createScenario(body)}
      />
    );
    const { rerender } = render(dialog([]));
    const automation = () =>
      within(screen.getByRole('dialog', { name: 'New scenario' })).getByRole('combobox', {
        name: 'Automation',
      });
    expect(automation().textContent).toContain('Pick an automation');
    rerender(dialog(AUTOMATIONS));
    await expect.poll(() => automation().textContent).toContain('Shop');
  });
});
