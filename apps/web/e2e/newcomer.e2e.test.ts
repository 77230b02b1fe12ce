/**
 * A newcomer's first ten minutes, through the UI only, on a fresh system in mock mode: the
 * empty dashboard -> create an automation -> a scenario -> trigger a run and watch it finish
 * live (no reload) with its TTFT -> start a benchmark -> read its summary -> start a second,
 * slower one -> compare the two and read the verdicts. Every page visited is screenshotted
 * for the README, and none may show a placeholder where a measured number belongs.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { openPage, placeholdersOn, screenshot, settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';

/** The mock's behaviour for these runs: always completes, three steps, fixed gaps (ms). */
function mockInputs(stepDelayMs: number): string {
  return JSON.stringify({ mock: { outcome: 'COMPLETED', steps: 3, step_delay_ms: stepDelayMs } }, null, 2);
}

const AUTOMATION = 'Shop product grid';
const SCENARIO = 'First page';
/** What a formatted duration looks like: "812 ms", "1.24 s", "2 min 3 s". */
const DURATION = /\d+(\.\d+)?\s*(ms|s|min)\b/;

/** Photographs the page as the newcomer sees it, and checks it shows no placeholder for a figure. */
async function photograph(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await placeholdersOn(page), `placeholders on ${page.url()}`).toEqual([]);
}

/** Opens a list page from the sidebar, then its "New …" form; returns the form's dialog. */
async function openNewForm(page: Page, section: 'Automations' | 'Scenarios', noun: string) {
  await openSection(page, section);
  await page.getByTestId(`new-${noun}`).click();
  return page.getByRole('dialog', { name: `New ${noun}` });
}

async function openSection(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await settle(page);
}

/** Starts a benchmark of the scenario from its row's dialog; returns the new benchmark's id. */
async function startBenchmark(page: Page, name: string, stepDelayMs: number): Promise<number> {
  await openSection(page, 'Scenarios');
  await page.getByRole('button', { name: `Benchmark: ${SCENARIO}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a benchmark' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Iterations').fill('6');
  await dialog.getByLabel('Concurrency').fill('3');
  await dialog.getByLabel('Inputs override (JSON)').fill(mockInputs(stepDelayMs));
  await dialog.getByRole('button', { name: 'Start benchmark' }).click();
  await page.waitForURL(/\/benchmarks\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  // Live progress, then the final state, without a reload.
  await page
    .getByRole('heading', { level: 1 })
    .getByTestId('status-badge')
    .and(page.locator('[data-status="completed"]'))
    .waitFor({ timeout: 60_000 });
  return id;
}

describeE2e('a newcomer, from an empty system to a comparison of two benchmarks', (ctx) => {
  it('walks the whole path in the UI', async () => {
    const { page } = ctx();

    // 1. The empty dashboard offers a way in.
    await openPage(page, ctx().url('/'));
    await expect.poll(() => page.getByTestId('onboarding').isVisible()).toBe(true);
    await photograph(page, 'dashboard-empty');

    // 2. An automation: what to call.
    const automationForm = await openNewForm(page, 'Automations', 'automation');
    await automationForm.getByLabel('Name').fill(AUTOMATION);
    await automationForm.getByLabel('URL', { exact: true }).fill('https://scrapeme.live/shop');
    await automationForm
      .getByLabel('Goal')
      .fill('Extract the names and prices of the first three products as JSON');
    await screenshot(page, 'automation-form', { fullPage: false });
    await automationForm.getByRole('button', { name: 'Create automation' }).click();
    await automationForm.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('automation-row').filter({ hasText: AUTOMATION }).count())
      .toBe(1);
    await photograph(page, 'automations');

    // 3. A scenario of it, with the mock's behaviour pinned in its inputs.
    const scenarioForm = await openNewForm(page, 'Scenarios', 'scenario');
    await scenarioForm.getByLabel('Name').fill(SCENARIO);
    await expect
      .poll(() => scenarioForm.getByRole('combobox', { name: 'Automation' }).innerText())
      .toContain(AUTOMATION);
    await scenarioForm.getByLabel('Inputs (JSON)').fill(mockInputs(700));
    await scenarioForm.getByLabel('Thresholds').fill('p95(total_duration_ms) < 30000\nsuccess_rate >= 0.9');
    await scenarioForm.getByRole('button', { name: 'Create scenario' }).click();
    await scenarioForm.waitFor({ state: 'hidden' });
    const row = page.getByTestId('scenario-row').filter({ hasText: SCENARIO });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('never run');

    // 4. Trigger a run and follow the toast's link to watch it.
    await row.getByRole('button', { name: `Trigger run: ${SCENARIO}` }).click();
    await page.getByRole('link', { name: 'Watch it live' }).click();
    await page.waitForURL(/\/runs\/\d+$/);
    // A mark in the page's memory: it survives only if the page is never reloaded.
    await page.evaluate(() => {
      (window as unknown as { __e2eNoReload: boolean }).__e2eNoReload = true;
    });
    // The run is still in flight when the page opens (three 700 ms steps) ...
    await page.getByTestId('in-flight-banner').waitFor({ timeout: 10_000 });
    await screenshot(page, 'run-detail-live');
    // ... and completes on screen.
    const status = page.getByRole('heading', { level: 1 }).getByTestId('status-badge');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await page.evaluate(() => (window as unknown as { __e2eNoReload?: boolean }).__e2eNoReload)).toBe(
      true,
    );
    await expect.poll(() => page.getByTestId('in-flight-banner').count()).toBe(0);
    await expect.poll(() => page.getByTestId('figure-TTFT').innerText()).toMatch(DURATION);
    expect(await page.getByTestId('figure-Total time').innerText()).toMatch(DURATION);
    // The timeline: STARTED, the live view URL, each PROGRESS with its purpose, COMPLETE.
    const events = page.getByTestId('timeline-event');
    const types = await events.evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['STARTED', 'STREAMING_URL', 'PROGRESS', 'COMPLETE']));
    expect(types.filter((t) => t === 'PROGRESS')).toHaveLength(3);
    await settle(page);
    await photograph(page, 'run-detail');

    // 5. A benchmark: a summary with percentiles once it completes.
    const baseline = await startBenchmark(page, 'baseline', 150);
    const summary = page.getByTestId('benchmark-summary');
    await expect.poll(() => summary.getByRole('table').count(), { timeout: 15_000 }).toBe(1);
    const totalRow = summary.getByRole('row').filter({ hasText: /total/i }).first();
    expect(await totalRow.innerText()).toMatch(DURATION);
    await expect.poll(() => page.getByTestId('benchmark-thresholds').innerText()).toContain('observed');
    await settle(page);
    await photograph(page, 'benchmark-detail');

    // 6. A slower candidate, then the comparison with its verdicts.
    const candidate = await startBenchmark(page, 'candidate', 600);
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.waitForURL(/\/benchmarks\/compare\?a=\d+/);
    expect(new URL(page.url()).searchParams.get('a')).toBe(String(candidate));
    // Baseline first: swap so that A is the baseline, then pick the candidate as B.
    await page.getByRole('combobox', { name: 'B (candidate)' }).click();
    await page.getByRole('option', { name: new RegExp(`^#${baseline} baseline`) }).click();
    await page.getByRole('button', { name: 'Swap A and B' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.toString()).toBe(`a=${baseline}&b=${candidate}`);
    const metrics = page.getByTestId('compare-metrics');
    await metrics.waitFor({ timeout: 15_000 });
    // Four times the gap between steps: the candidate's total time regressed beyond noise. The
    // table of the pair before the swap stays up until the new pair's comparison arrives, so
    // the verdict is waited for, not read at once.
    const totalVerdict = metrics
      .getByRole('row')
      .filter({ hasText: /total/i })
      .first()
      .getByTestId('verdict');
    await expect.poll(() => totalVerdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('regressed');
    const verdicts = await page
      .getByTestId('verdict')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThan(0);
    for (const v of verdicts) expect(['improved', 'regressed', 'no_significant_change']).toContain(v);
    await settle(page);
    await photograph(page, 'benchmark-compare');

    // 7. The dashboard now has real numbers, and the lists show what was done.
    await openSection(page, 'Dashboard');
    await expect
      .poll(() => page.getByTestId('kpi-total-runs').getByTestId('kpi-value').innerText())
      .toBe('13');
    expect(await page.getByTestId('kpi-ttft').getByTestId('kpi-value').innerText()).toMatch(DURATION);
    expect(await page.getByTestId('kpi-total-latency').getByTestId('kpi-value').innerText()).toMatch(
      DURATION,
    );
    expect(await page.getByTestId('recent-runs').getByTestId('run-row').count()).toBe(10);
    // The charts draw the runs: all of them fall into one hourly bucket, which is a dot, not a line.
    for (const chart of ['chart-latency', 'chart-success']) {
      await expect
        .poll(() => page.getByTestId(chart).locator('.recharts-dot, .recharts-line-curve[d*="L"]').count())
        .toBeGreaterThan(0);
    }
    expect(
      await page.getByTestId('chart-histogram').locator('.recharts-bar-rectangle').count(),
    ).toBeGreaterThan(0);
    await photograph(page, 'dashboard');

    for (const [section, name] of [
      ['Runs', 'runs'],
      ['Benchmarks', 'benchmarks'],
      ['Scenarios', 'scenarios'],
      ['Alerts', 'alerts'],
    ] as const) {
      await openSection(page, section);
      await photograph(page, name);
    }
  });
});
