/**
 * Creating, editing and deleting through the dashboard, with the validation messages a person
 * sees (the form's own checks and the API's), a delete refused with 409 and explained, run
 * filters that survive a reload, and a run's event timeline.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, createAutomationAndScenario, triggerRun, waitUntilFinished } from './harness/api.js';
import { errorsOf } from './harness/fields.js';
import { openPage, placeholdersOn, screenshot, settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';

/** A labelled control; a required field's label ends with an asterisk. */
function labelled(page: Page, dialogName: string, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('dialog', { name: dialogName }).getByLabel(new RegExp(`^${escaped}\\*?$`));
}

/** The messages wired to a control (its id is in aria-describedby), on one line. */
async function fieldError(page: Page, dialogName: string, label: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  return (await errorsOf(dialog, labelled(page, dialogName, label))).join(' ');
}

describeE2e('creating, editing and deleting, with errors explained', (ctx) => {
  it('shows the form checks for an automation, creates it, and edits it', async () => {
    const { page } = ctx();
    await openPage(page, ctx().url('/automations'));
    await page.getByTestId('new-automation').click();
    const dialog = page.getByRole('dialog', { name: 'New automation' });

    await dialog.getByRole('button', { name: 'Create automation' }).click();
    expect(await fieldError(page, 'New automation', 'Name')).toBe('Give the automation a name.');

    await labelled(page, 'New automation', 'Name').fill('Checkout flow');
    await labelled(page, 'New automation', 'URL').fill('shop.example.com');
    await dialog.getByLabel('Other default inputs (JSON)').fill('{"max_steps": 10');
    await dialog.getByRole('button', { name: 'Create automation' }).click();
    expect(await fieldError(page, 'New automation', 'URL')).toMatch(/full URL/);
    expect(await fieldError(page, 'New automation', 'Other default inputs (JSON)')).toMatch(
      /^Other inputs is not valid JSON/,
    );
    expect(await labelled(page, 'New automation', 'Name').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'automation-validation', { fullPage: false });

    await labelled(page, 'New automation', 'URL').fill('https://shop.example.com');
    await dialog.getByLabel('Other default inputs (JSON)').fill('{"max_steps": 10}');
    await dialog.getByRole('button', { name: 'Create automation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('automation-row').filter({ hasText: 'Checkout flow' });
    await row.waitFor();

    await row.getByRole('button', { name: 'Actions for Checkout flow' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Checkout flow' });
    expect(await labelled(page, 'Edit Checkout flow', 'URL').inputValue()).toBe('https://shop.example.com');
    await edit.getByLabel('Description').fill('Adds an item and checks out');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => row.innerText()).toContain('Adds an item and checks out');
  });

  it('shows the form checks for a scenario and the API refusing a benchmark threshold', async () => {
    const { page, system } = ctx();
    await createAutomationAndScenario(system.apiUrl, { automation: 'Search', scenario: 'Search for shoes' });
    await openPage(page, ctx().url('/scenarios'));

    await page.getByTestId('new-scenario').click();
    const dialog = page.getByRole('dialog', { name: 'New scenario' });
    await dialog.getByLabel('Inputs (JSON)').fill('{"goal": ');
    await dialog.getByLabel('Assertions (JSON array)').fill('{"path": "$.items"}');
    await dialog.getByRole('button', { name: 'Create scenario' }).click();
    expect(await fieldError(page, 'New scenario', 'Name')).toBe('Give the scenario a name.');
    expect(await fieldError(page, 'New scenario', 'Inputs (JSON)')).toMatch(/^Inputs is not valid JSON/);
    expect(await fieldError(page, 'New scenario', 'Assertions (JSON array)')).toMatch(/must be a JSON array/);
    await screenshot(page, 'scenario-validation', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // A threshold the form cannot judge: the API's 400 lands under the field it names (and
    // Chromium logs the 400 answer as a failed resource).
    ctx().expectConsoleErrors(/status of 400/);
    await page.getByRole('button', { name: 'Benchmark: Search for shoes' }).click();
    const benchmark = page.getByRole('dialog', { name: 'Start a benchmark' });
    await benchmark.getByLabel('Thresholds').fill('p95(total_duration_ms) <');
    await benchmark.getByRole('button', { name: 'Start benchmark' }).click();
    await expect.poll(() => benchmark.getByLabel('Thresholds').getAttribute('aria-invalid')).toBe('true');
    // In the form's words: the line, not the API's field path.
    const thresholdError = await fieldError(page, 'Start a benchmark', 'Thresholds');
    expect(thresholdError).toMatch(/^Threshold on line 1: \S/);
    expect(thresholdError).not.toMatch(/thresholds\.0/);
    expect(page.url()).toMatch(/\/scenarios$/);
    await screenshot(page, 'benchmark-validation', { fullPage: false });
  });

  it('explains a delete refused with 409 and deletes with the dependants on request', async () => {
    const { page, system } = ctx();
    await createAutomationAndScenario(system.apiUrl, { automation: 'Doomed', scenario: 'Doomed scenario' });
    await openPage(page, ctx().url('/automations'));
    const row = page.getByTestId('automation-row').filter({ hasText: 'Doomed' });
    await row.getByRole('button', { name: 'Actions for Doomed' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete automation/ });
    // Chromium logs the 409 answer as a failed resource; the page explains it.
    ctx().expectConsoleErrors(/status of 409/);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    const conflict = dialog.getByTestId('delete-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toMatch(/still in use by 1 scenario\./);
    // The API's hint for programs (`pass cascade=true`) is not shown to people.
    expect(await dialog.innerText()).not.toMatch(/cascade/);
    await screenshot(page, 'delete-conflict', { fullPage: false });
    expect(await row.count()).toBe(1);

    await dialog.getByRole('button', { name: 'Delete with its scenarios' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.count()).toBe(0);
    const scenarios = await call<Array<{ name: string }>>(system.apiUrl, 'GET', '/scenarios');
    expect(scenarios.map((s) => s.name)).not.toContain('Doomed scenario');
  });

  it('keeps the runs filters in the URL across a reload and opens a run timeline', async () => {
    const { page, system } = ctx();
    const quick = (outcome: string) => ({ mock: { outcome, steps: 2, step_delay_ms: 80 } });
    const { automationId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Filters',
      scenario: 'Unfiltered',
    });
    const target = await call<{ id: number }>(system.apiUrl, 'POST', '/scenarios', {
      name: 'Target',
      automation_id: automationId,
      inputs_template: quick('COMPLETED'),
    });
    const failing = await call<{ id: number }>(system.apiUrl, 'POST', '/runs/trigger', {
      scenario_id: target.id,
      inputs_override: quick('FAILED'),
      trigger: 'manual',
    });
    const completed = await triggerRun(system.apiUrl, target.id);
    expect(await waitUntilFinished(system.apiUrl, 'runs', failing.id)).toBe('failed');
    expect(await waitUntilFinished(system.apiUrl, 'runs', completed)).toBe('completed');

    await openPage(page, ctx().url('/runs'));
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'completed', exact: true }).click();
    await page.getByRole('combobox', { name: 'Scenario' }).click();
    await page.getByRole('option', { name: 'Target', exact: true }).click();
    await expect
      .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
      .toEqual({ status: 'completed', scenario_id: String(target.id) });

    const check = async () => {
      await expect
        .poll(() =>
          page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id'))),
        )
        .toEqual([String(completed)]);
      expect(await page.getByRole('combobox', { name: 'Status' }).innerText()).toBe('completed');
      expect(await page.getByRole('combobox', { name: 'Scenario' }).innerText()).toBe('Target');
    };
    await check();
    await page.reload();
    await settle(page);
    await check();
    await screenshot(page, 'runs-filtered');

    // The run's timeline: each event with its offset from the start of the request.
    await page
      .getByTestId('run-row')
      .getByRole('link', { name: `#${completed}` })
      .click();
    await page.waitForURL(new RegExp(`/runs/${completed}$`));
    const timeline = page.getByTestId('event-timeline');
    await timeline.waitFor();
    const events = await timeline
      .getByTestId('timeline-event')
      .evaluateAll((items) => items.map((i) => [i.getAttribute('data-type'), i.textContent ?? '']));
    expect(events.map(([type]) => type)).toEqual(
      expect.arrayContaining(['STARTED', 'STREAMING_URL', 'PROGRESS', 'COMPLETE']),
    );
    for (const [, text] of events) expect(text).toMatch(/^\+\d/);
    expect(await placeholdersOn(page)).toEqual([]);

    // A failed run shows its error code and the upstream message.
    await openPage(page, ctx().url(`/runs/${failing.id}`));
    const error = page.getByTestId('run-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/The run failed/);
    await screenshot(page, 'run-detail-failed');
    expect(await placeholdersOn(page)).toEqual([]);
  });
});
