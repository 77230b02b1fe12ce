/**
 * A schedule as a person sets it up in the dashboard: rules the API refuses show under their
 * field, naming the index; the form says what each tick starts and estimates the runs and cost
 * per day as the settings change; the schedule switch asks, with the same estimate, before
 * switching on. Screenshots at 1440 and 375 px. And the demo data, created from two tabs, is
 * made once: names are unique, and the second creation reuses what the first made.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, createAutomationAndScenario, triggerRun, waitUntilFinished } from './harness/api.js';
import { errorsOf } from './harness/fields.js';
import { screenshot, settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';

const SCENARIO = 'Nightly shop check';

async function openEdit(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: `More actions for ${SCENARIO}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${SCENARIO}` });
  await dialog.waitFor();
  return dialog;
}

/** The error text wired to a control through aria-describedby. */
async function errorOf(page: Page, dialogName: string, label: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  return (await errorsOf(dialog, dialog.getByLabel(label, { exact: true }))).join('\n');
}

describeE2e('setting up a schedule: refused rules inline, the kind of tick and its cost per day', (ctx) => {
  it('creates the demo data twice (two tabs) without a duplicate or an error', async () => {
    const { page, system, browser } = ctx();
    // The OpenAI-compatible demo points at a loopback URL: a server that may not call loopback
    // refuses it (the browser logs that 400), and the TinyFish demo is created all the same.
    ctx().expectConsoleErrors(/status of 400/);
    const other = await browser.context.newPage();
    try {
      for (const tab of [page, other]) {
        await tab.goto(ctx().url('/'));
        await settle(tab);
        await tab.getByTestId('create-demo').waitFor();
      }
      for (const tab of [page, other]) {
        await tab.getByTestId('create-demo').click();
        await tab.getByText('Demo data created').first().waitFor();
        expect(await tab.getByTestId('onboarding').getByRole('alert').count()).toBe(0);
      }
    } finally {
      await other.close();
    }
    const names = async (path: string) =>
      (await call<Array<{ name: string }>>(system.apiUrl, 'GET', path)).map((r) => r.name);
    const llm = (await names('/automations')).includes('Mock LLM (OpenAI-compatible)');
    expect((await names('/automations')).sort()).toEqual(
      ['Demo · scrapeme product grid', ...(llm ? ['Mock LLM (OpenAI-compatible)'] : [])].sort(),
    );
    expect((await names('/scenarios')).sort()).toEqual(
      ['Demo · first page', 'Demo · second page', ...(llm ? ['Demo · short LLM answers'] : [])].sort(),
    );
  });

  it('shows the API refusing bad rules, then the estimate in the form and at the switch', async () => {
    const { page, system } = ctx();
    // Saving the bad rules is refused on purpose; the browser logs that 400.
    ctx().expectConsoleErrors(/status of 400/);
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Shop',
      scenario: SCENARIO,
    });
    // One finished run gives the estimate a cost per run.
    await waitUntilFinished(system.apiUrl, 'runs', await triggerRun(system.apiUrl, scenarioId));
    await page.goto(ctx().url('/scenarios'));
    await settle(page);

    const dialogName = `Edit ${SCENARIO}`;
    let dialog = await openEdit(page);
    await dialog.getByLabel('Thresholds', { exact: true }).fill('p95(foo) <\nsuccess_rate >= 2');
    await dialog.getByLabel('Assertions (JSON array)', { exact: true }).fill('[{"type": "bogus"}, 42]');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const thresholds = await errorOf(page, dialogName, 'Thresholds');
    expect(thresholds).toMatch(/^Threshold on line 1: expected a metric .* found "foo"/m);
    expect(thresholds).toMatch(/^Threshold on line 2: expected a fraction from 0 to 1/m);
    // Fields are checked in turn: the assertions' errors come with the thresholds'.
    const assertions = await errorOf(page, dialogName, 'Assertions (JSON array)');
    expect(assertions).toMatch(/^Assertion 1 \(type\): must be one of json_schema/m);
    expect(assertions).toMatch(/^Assertion 2: must be an object with a "type"/m);
    await screenshot(page, 'scenario-rules-refused', { fullPage: false });

    // Good rules, every minute, a benchmark of 30 runs per tick: the estimate says what that is.
    await dialog.getByLabel('Thresholds', { exact: true }).fill('success_rate >= 0.9');
    await dialog.getByLabel('Assertions (JSON array)', { exact: true }).fill('[]');
    await dialog.getByLabel('Iterations', { exact: true }).fill('30');
    await dialog.getByLabel('Every (seconds)', { exact: true }).fill('60');
    const estimate = dialog.getByTestId('schedule-estimate');
    await expect
      .poll(() => estimate.innerText())
      .toMatch(/^About 1,440 runs a day \(one run per tick, 1,440 ticks a day\), about \$[\d,.]+ a day/);
    await dialog.getByLabel('Each tick starts', { exact: true }).click();
    await page.getByRole('option', { name: 'A benchmark of 30 runs' }).click();
    await expect
      .poll(() => estimate.innerText())
      .toMatch(
        /^About 43,200 runs a day \(a benchmark of 30 runs, 1,440 times a day\), about \$[\d,.]+ a day at \$[\d.]+ per run \(the mean of this scenario's last run\)\.$/,
      );
    await estimate.scrollIntoViewIfNeeded();
    await screenshot(page, 'scenario-schedule-estimate', { fullPage: false });
    await page.setViewportSize({ width: 375, height: 800 });
    await estimate.scrollIntoViewIfNeeded();
    await screenshot(page, 'scenario-schedule-estimate-375', { fullPage: false });
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The switch asks first, with the estimate; Cancel leaves the schedule off.
    await expect.poll(() => page.getByText('every 1 min: benchmark of 30 runs').isVisible()).toBe(true);
    await page.getByRole('switch', { name: `Schedule ${SCENARIO}` }).click();
    const confirm = page.getByRole('dialog', { name: `Switch on the schedule of ${SCENARIO}?` });
    await expect
      .poll(() => confirm.getByTestId('schedule-estimate').innerText())
      .toMatch(/^About 43,200 runs a day/);
    await screenshot(page, 'schedule-confirm', { fullPage: false });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(
      await page.getByRole('switch', { name: `Schedule ${SCENARIO}` }).getAttribute('aria-checked'),
    ).toBe('false');
    const stored = await call(system.apiUrl, 'GET', `/scenarios/${scenarioId}`);
    expect(stored).toMatchObject({
      schedule_enabled: false,
      thresholds: ['success_rate >= 0.9'],
      run_settings: { interval_seconds: 60, schedule_kind: 'benchmark', iterations: 30 },
    });

    // Switched on after the question.
    await page.getByRole('switch', { name: `Schedule ${SCENARIO}` }).click();
    await confirm.getByRole('button', { name: 'Switch on' }).click();
    await expect
      .poll(() => page.getByRole('switch', { name: `Schedule ${SCENARIO}` }).getAttribute('aria-checked'))
      .toBe('true');
    dialog = page.getByRole('dialog', { name: dialogName });
    expect(await dialog.count()).toBe(0);
  });
});
