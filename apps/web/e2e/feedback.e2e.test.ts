/**
 * What a new user meets first, and whether it tells the truth: relative times that tick and
 * never put the past in the future, a live run whose figures and live view fill in as events
 * arrive, toasts that link where they should and get out of the way, a confirmation before
 * cancelling a benchmark, compare warnings, messages in the user's words, and every key
 * column on screen at 375 px.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openBrowser, signIn } from '@tfbench/testbed';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call as api, waitUntilFinished } from './harness/api.js';
import { settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';

/** What a formatted duration looks like: "812 ms", "1.24 s", "2 min 3 s". */
const DURATION = /^\d+(\.\d+)?\s*(ms|s|min)\b/;
/** Where this suite puts the screenshots a person looks at (outside the repository). */
const SHOTS = path.join(os.tmpdir(), 'tfbench-e2e-feedback');

/** A scenario whose mock runs always complete, with `steps` steps `stepDelayMs` apart. */
async function scenario(
  apiUrl: string,
  automationId: number,
  name: string,
  mock: { steps: number; step_delay_ms: number },
  runSettings: Record<string, unknown> = {},
): Promise<number> {
  const created = await api<{ id: number }>(apiUrl, 'POST', '/scenarios', {
    name,
    automation_id: automationId,
    inputs_template: { mock: { outcome: 'COMPLETED', ...mock } },
    run_settings: runSettings,
  });
  return created.id;
}

async function automation(apiUrl: string, name: string): Promise<number> {
  const created = await api<{ id: number }>(apiUrl, 'POST', '/automations', {
    name,
    provider: 'tinyfish',
    config: { mode: 'sse' },
    default_inputs: { url: 'https://scrapeme.live/shop', goal: 'List the first three products' },
  });
  return created.id;
}

async function benchmark(
  apiUrl: string,
  scenarioId: number,
  name: string,
  iterations: number,
): Promise<number> {
  const created = await api<{ id: number }>(apiUrl, 'POST', '/benchmarks', {
    scenario_id: scenarioId,
    name,
    iterations,
    concurrency: 2,
    arrival: 'closed',
  });
  return created.id;
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Triggers the scenario's run from its row on the scenarios page; returns its "queued" toast. */
async function triggerFromList(page: Page, url: string, scenarioName: string) {
  await page.goto(url);
  await settle(page);
  const row = page.getByTestId('scenario-row').filter({ hasText: scenarioName });
  await row.getByRole('button', { name: `Trigger run: ${scenarioName}` }).click();
  const queued = toasts(page, /queued/);
  await queued.waitFor();
  return queued;
}

/** Open toasts whose text matches. */
function toasts(page: Page, text: RegExp) {
  return page.locator('[data-slot="toast"][data-state="open"]').filter({ hasText: text });
}

describeE2e('feedback that tells the truth', (ctx) => {
  it('names the demo scenarios at once after creating the demo data (no reload)', async () => {
    const { page } = ctx();
    await page.goto(ctx().url('/'));
    await settle(page);
    await page.getByTestId('create-demo').click();
    const recent = page.getByTestId('recent-runs');
    await expect.poll(() => recent.getByTestId('run-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => recent.innerText(), { timeout: 10_000 }).toMatch(/Demo/);
    expect(await recent.innerText()).not.toMatch(/Scenario #\d/);
  });

  it('fills a live run’s figures and live view from its events, and its toast gets out of the way', async () => {
    const { page, system } = ctx();
    const automationId = await automation(system.apiUrl, 'Live shop');
    // Five one-second steps: the run is in flight long enough to look at.
    await scenario(system.apiUrl, automationId, 'Slow walk', { steps: 5, step_delay_ms: 1000 });
    const queued = await triggerFromList(page, ctx().url('/scenarios'), 'Slow walk');
    await queued.getByRole('link', { name: 'Watch it live' }).click();
    await page.waitForURL(/\/runs\/\d+$/);
    // Following the toast's link closes it: it would otherwise stay over the run's page.
    await expect.poll(() => queued.count()).toBe(0);

    const banner = page.getByTestId('in-flight-banner');
    await banner.waitFor({ timeout: 10_000 });
    // While the run is still in flight, the figures its events already tell are shown.
    await expect
      .poll(() => page.getByTestId('figure-To STARTED').innerText(), { timeout: 10_000 })
      .toMatch(DURATION);
    await expect.poll(() => page.getByTestId('figure-To live view').innerText()).toMatch(DURATION);
    await expect
      .poll(() => page.getByTestId('figure-TTFT').innerText(), { timeout: 10_000 })
      .toMatch(DURATION);
    expect(await banner.isVisible()).toBe(true);

    // The mock's live view loads in the iframe and follows the run.
    const view = page.frameLocator('[data-testid="live-view"]');
    await expect
      .poll(() => view.locator('#status').innerText(), { timeout: 10_000 })
      .toMatch(/RUNNING|COMPLETED/);
    await expect.poll(() => view.locator('#goal').innerText()).toBe('List the first three products');
    await expect.poll(() => view.locator('#steps li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot(page, 'run-live-1440');

    const status = page.getByRole('heading', { level: 1 }).getByTestId('status-badge');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await page.getByTestId('figure-Steps').innerText()).toBe('5');

    // The header's relative time ticks, and never reads as the future.
    // The first relative time on the page is the header's "created …".
    const created = page.getByTestId('relative-time').first();
    const first = await created.innerText();
    expect(first).not.toMatch(/^in /);
    await expect.poll(() => created.innerText(), { timeout: 15_000 }).not.toBe(first);
    expect(await created.innerText()).toMatch(/ago$/);
  });

  it('takes a run’s queued toast down when the run finishes, even while it is hovered', async () => {
    const { page, system } = ctx();
    const automationId = await automation(system.apiUrl, 'Quick shop');
    await scenario(system.apiUrl, automationId, 'Quick look', { steps: 2, step_delay_ms: 1500 });
    const queued = await triggerFromList(page, ctx().url('/scenarios'), 'Quick look');
    // Hovering pauses the toast's own timer; only the run's end can take it down.
    await queued.hover();
    const row = page.getByTestId('scenario-row').filter({ hasText: 'Quick look' });
    await expect
      .poll(() => row.getByTestId('status-badge').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('completed');
    await expect.poll(() => queued.count(), { timeout: 5_000 }).toBe(0);
  });

  it('links the "Benchmark started" toast to the benchmark and keeps the timeout field as its help says', async () => {
    const { page, system } = ctx();
    const automationId = await automation(system.apiUrl, 'Bench shop');
    await scenario(system.apiUrl, automationId, 'Timed', { steps: 1, step_delay_ms: 50 }, { timeout_s: 60 });
    await page.goto(ctx().url('/scenarios'));
    await settle(page);
    await page.getByRole('button', { name: 'Benchmark: Timed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a benchmark' });
    const timeout = dialog.getByLabel('Timeout per run (s)');
    // Empty means "the scenario's setting", and the scenario's value is shown, not filled in.
    expect(await timeout.inputValue()).toBe('');
    expect(await timeout.getAttribute('placeholder')).toBe('60');
    expect(await dialog.innerText()).toContain("Empty: the scenario's 60 s.");
    await shot(page, 'benchmark-dialog-1440');
    await dialog.getByLabel('Iterations').fill('2');
    await dialog.getByRole('button', { name: 'Start benchmark' }).click();
    await page.waitForURL(/\/benchmarks\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const started = toasts(page, new RegExp(`Benchmark #${id} started`));
    await started.waitFor();
    const link = started.getByRole('link', { name: `Open benchmark #${id}` });
    expect(await link.getAttribute('href')).toBe(`/benchmarks/${id}`);
    await waitUntilFinished(system.apiUrl, 'benchmarks', id);
  });

  it('asks before cancelling a benchmark', async () => {
    const { page, system } = ctx();
    const automationId = await automation(system.apiUrl, 'Long shop');
    const scenarioId = await scenario(system.apiUrl, automationId, 'Long walk', {
      steps: 4,
      step_delay_ms: 1000,
    });
    const id = await benchmark(system.apiUrl, scenarioId, 'to cancel', 40);
    await page.goto(ctx().url(`/benchmarks/${id}`));
    await settle(page);
    await page.getByTestId('cancel-benchmark').click();
    const confirm = page.getByRole('dialog', { name: `Cancel benchmark #${id}?` });
    await confirm.waitFor();
    await shot(page, 'confirm-cancel-1440');
    await confirm.getByRole('button', { name: 'Keep running' }).click();
    await confirm.waitFor({ state: 'hidden' });
    // Nothing was cancelled.
    const kept = await api<{ status: string }>(system.apiUrl, 'GET', `/benchmarks/${id}`);
    expect(['pending', 'running']).toContain(kept.status);

    await page.getByTestId('cancel-benchmark').click();
    await confirm.getByRole('button', { name: 'Cancel benchmark' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', id, 30_000)).toBe('cancelled');
  });

  it('warns when a benchmark is compared with itself or with one of another scenario', async () => {
    const { page, system } = ctx();
    const automationId = await automation(system.apiUrl, 'Compare shop');
    const one = await scenario(system.apiUrl, automationId, 'Page one', { steps: 2, step_delay_ms: 50 });
    const two = await scenario(system.apiUrl, automationId, 'Page two', { steps: 2, step_delay_ms: 50 });
    const a = await benchmark(system.apiUrl, one, 'one a', 4);
    const b = await benchmark(system.apiUrl, one, 'one b', 4);
    const c = await benchmark(system.apiUrl, two, 'two', 4);
    for (const id of [a, b, c]) await waitUntilFinished(system.apiUrl, 'benchmarks', id);

    const warning = page.getByTestId('compare-warning');
    await page.goto(ctx().url(`/benchmarks/compare?a=${a}&b=${a}`));
    await settle(page);
    await warning.waitFor();
    expect(await warning.getAttribute('data-kind')).toBe('same-benchmark');

    await page.goto(ctx().url(`/benchmarks/compare?a=${a}&b=${c}`));
    await settle(page);
    await warning.waitFor();
    expect(await warning.getAttribute('data-kind')).toBe('other-scenario');
    expect(await warning.innerText()).toContain('“Page one”');
    expect(await warning.innerText()).toContain('“Page two”');
    await shot(page, 'compare-warning-1440');

    await page.goto(ctx().url(`/benchmarks/compare?a=${a}&b=${b}`));
    await settle(page);
    await page.getByTestId('compare-metrics').waitFor({ timeout: 15_000 });
    expect(await warning.count()).toBe(0);
    await shot(page, 'benchmark-compare-1440');
    await page.goto(ctx().url(`/benchmarks/${a}`));
    await settle(page);
    await shot(page, 'benchmark-detail-1440');
    await page.goto(ctx().url('/scenarios'));
    await settle(page);
    await shot(page, 'scenarios-1440');
    await page.goto(ctx().url('/benchmarks'));
    await settle(page);
    await shot(page, 'benchmarks-1440');
  });

  it('offers the base URL override in the automation form, now that runs go there', async () => {
    const { page } = ctx();
    await page.goto(ctx().url('/automations'));
    await settle(page);
    await page.getByTestId('new-automation').click();
    const dialog = page.getByRole('dialog', { name: 'New automation' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/base url/i);
    await shot(page, 'automation-form-1440');
  });

  it('keeps every key column on screen at 375 px', async () => {
    const { system } = ctx();
    const phone = await openBrowser({ width: 375, height: 800 });
    try {
      await signIn(phone.context, system.webUrl);
      const page = await phone.context.newPage();
      const benchmarks = await api<Array<{ id: number; scenario_id: number; status: string }>>(
        system.apiUrl,
        'GET',
        '/benchmarks?limit=50',
      );
      // Two finished benchmarks of one scenario, so the comparison has verdicts.
      const done = benchmarks.filter((x) => x.status === 'completed');
      const a = done.find((x) => done.some((y) => y.id !== x.id && y.scenario_id === x.scenario_id))!;
      const b = done.find((y) => y.id !== a.id && y.scenario_id === a.scenario_id)!;
      const runs = await api<Array<{ id: number }>>(system.apiUrl, 'GET', '/runs?limit=1');

      /** True when the element lies entirely inside the 375 px viewport. */
      const onScreen = async (locator: ReturnType<Page['locator']>) => {
        const box = await locator.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 375;
      };
      const pages: Array<[string, string]> = [
        ['dashboard', '/'],
        ['runs', '/runs'],
        ['run-detail', `/runs/${runs[0]!.id}`],
        ['scenarios', '/scenarios'],
        ['automations', '/automations'],
        ['benchmarks', '/benchmarks'],
        ['benchmark-detail', `/benchmarks/${a.id}`],
        ['benchmark-compare', `/benchmarks/compare?a=${a.id}&b=${b.id}`],
        ['alerts', '/alerts'],
      ];
      for (const [name, p] of pages) {
        await page.goto(ctx().url(p));
        await settle(page);
        await page.waitForTimeout(400);
        // The page itself never scrolls sideways ...
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow, `${name} is wider than the screen`).toBeLessThanOrEqual(375);
        // ... and no table hides columns beyond the screen's edge.
        const hidden = await page
          .locator('[data-slot="table-container"]')
          .evaluateAll((containers) =>
            containers
              .filter((c) => c.scrollWidth > c.clientWidth + 1)
              .map((c) => c.textContent?.slice(0, 60)),
          );
        expect(hidden, `${name}: tables wider than the screen`).toEqual([]);
        await shot(page, `${name}-375`);
      }

      await page.goto(ctx().url(`/benchmarks/${a.id}`));
      await settle(page);
      const cards = page.getByTestId('percentile-cards');
      await cards.waitFor();
      expect(await cards.innerText()).toMatch(/p50\s+\d/);
      expect(await onScreen(cards)).toBe(true);

      await page.goto(ctx().url(`/benchmarks/compare?a=${a.id}&b=${b.id}`));
      await settle(page);
      const verdict = page.getByTestId('compare-metrics').getByTestId('verdict').first();
      await verdict.waitFor({ timeout: 15_000 });
      expect(await onScreen(verdict)).toBe(true);

      await page.goto(ctx().url('/scenarios'));
      await settle(page);
      const more = page.getByRole('button', { name: /^More actions for / }).first();
      await more.waitFor();
      expect(await onScreen(more)).toBe(true);
      expect(await onScreen(page.getByRole('button', { name: /^Benchmark: / }).first())).toBe(true);
    } finally {
      await phone.close();
    }
  });
});
