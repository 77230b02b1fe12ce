/**
 * The HTML report as a person gets it: "Download report" on a finished benchmark's page saves
 * one file, and that file, opened with the network off, shows its charts, thresholds and
 * errors without a single request or console error, a hostile benchmark name as plain text,
 * and nothing sticking out sideways on a phone. Screenshots at 1440 and 375 px.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiKeyHeaders } from '@tfbench/testbed';
import { expect, it } from 'vitest';
import { type Created, call, createAutomationAndScenario, waitUntilFinished } from './harness/api.js';
import { screenshot, settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

const HOSTILE_NAME = 'Nightly <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';

describeE2e('the HTML benchmark report', (ctx) => {
  it('downloads from the benchmark page and reads offline at desktop and phone widths', async () => {
    const { page, system, browser } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Report shop',
      scenario: 'Cheapest item',
    });
    // A quarter of the runs fail, so the report has errors by code to show.
    const benchmark = await call<Created>(system.apiUrl, 'POST', '/benchmarks', {
      scenario_id: scenarioId,
      name: HOSTILE_NAME,
      iterations: 16,
      concurrency: 4,
      thresholds: ['p95(total_duration_ms) < 60000', 'success_rate >= 0.99'],
      inputs_override: {
        mock: {
          outcome: null,
          outcome_probabilities: { completed: 3, failed: 1 },
          steps: 3,
          step_delay_ms: 120,
        },
      },
    });
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', benchmark.id, 90_000)).toBe('completed');

    await page.goto(ctx().url(`/benchmarks/${benchmark.id}`));
    await settle(page);
    await bothWidths(page, 'benchmark-report-button');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'tfbench-report-e2e-'));
    const report = await browser.context.newPage();
    try {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download report' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`tfbench-benchmark-${benchmark.id}.html`);
      const file = path.join(folder, download.suggestedFilename());
      await download.saveAs(file);

      // Every request but the file itself is recorded and refused, with the browser offline too.
      const attempted: string[] = [];
      report.on('request', (request) => {
        if (!request.url().startsWith('file:')) attempted.push(request.url());
      });
      await report.route('**/*', (route) =>
        route.request().url().startsWith('file:') ? route.continue() : route.abort(),
      );
      await browser.context.setOffline(true);
      await report.goto(pathToFileURL(file).href);
      await report.waitForLoadState('load');

      const heading = await report.getByRole('heading', { level: 1 }).innerText();
      expect(heading).toBe(`Benchmark #${benchmark.id} · ${HOSTILE_NAME}`);
      expect(await report.evaluate(() => (window as { pwned?: number }).pwned ?? 0)).toBe(0);
      expect(await report.locator('script, img, iframe, link').count()).toBe(0);
      await expect.poll(() => report.locator('[data-verdict]').getAttribute('data-verdict')).toBe('failed');
      const thresholds = await report.locator('#thresholds').innerText();
      expect(thresholds).toContain('p95(total_duration_ms) < 60000');
      expect(thresholds).toMatch(/FAIL\s+success_rate >= 0.99/i);
      expect(await report.locator('#errors').innerText()).toMatch(/[A-Z_]{3,}/);
      // At desktop width the wide charts show: histogram, latency over time, throughput.
      expect(await report.locator('svg.chart-wide:visible').count()).toBe(3);
      await screenshot(report, 'benchmark-report-1440');

      await report.setViewportSize({ width: 375, height: 800 });
      await report.waitForTimeout(200);
      expect(await report.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await report.locator('svg.chart-narrow:visible').count()).toBe(3);
      await screenshot(report, 'benchmark-report-375');
      expect(attempted).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
      await report.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('charts a sweep started from the dialog and a search, on their pages and in the report', async () => {
    const { page, system } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Series shop',
      scenario: 'Series goal',
    });
    await page.goto(ctx().url('/scenarios'));
    await settle(page);
    await page.getByRole('button', { name: 'Benchmark: Series goal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a benchmark' });
    await dialog.getByLabel('Iterations').fill('4');
    await dialog.getByLabel('Concurrency').fill('2');
    await dialog.getByRole('combobox', { name: 'Arrival' }).click();
    await page.getByRole('option', { name: /^Sweep/ }).click();
    await dialog.getByLabel('Number of points').fill('2');
    await dialog.getByLabel('Duration per point (s)').fill('1');
    await dialog.getByLabel('SLO: total duration (ms)').fill('60000');
    expect(await dialog.getByTestId('series-preview-caption').innerText()).toMatch(
      /^2 probes, then 2 constant-rate points of 1 s each: about 4 s in all\. The rates are known only after the probes/,
    );
    await bothWidths(page, 'benchmark-dialog-sweep');
    await dialog.getByRole('button', { name: 'Start benchmark' }).click();
    await page.waitForURL(/\/benchmarks\/\d+$/);
    const sweepId = Number(page.url().split('/').at(-1));
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', sweepId, 90_000)).toBe('completed');

    await page.reload();
    await settle(page);
    const card = page.getByTestId('sweep-card');
    await expect.poll(() => card.locator('.recharts-line-curve').count(), { timeout: 15_000 }).toBe(6);
    expect(await card.getByTestId('sweep-line').innerText()).toMatch(/^2 of 2 points finished \(1 s each\)/);
    const steps = page.getByTestId('sweep-steps').getByTestId('series-step-link');
    expect(await steps.count()).toBe(2);
    // The series runs nothing itself: its summary is its steps' totals.
    expect(await page.getByTestId('series-totals').innerText()).toMatch(/\d+ passed · \d+ failed/);
    await bothWidths(page, 'benchmark-sweep');
    const html = await fetch(`${system.apiUrl}/api/v1/benchmarks/${sweepId}/report?format=html`, {
      headers: apiKeyHeaders(),
    }).then((r) => r.text());
    for (const id of ['sweep', 'sweep-total', 'sweep-ttft', 'sweep-achieved', 'sweep-quality'])
      expect(html).toContain(`id="${id}"`);
    const report = await ctx().browser.context.newPage();
    try {
      await report.setContent(html);
      expect(await report.locator('#sweep-total svg.chart-wide:visible').count()).toBe(1);
      await screenshot(report, 'benchmark-report-sweep-1440');
    } finally {
      await report.close();
    }
    await steps.first().click();
    await page.waitForURL(/\/benchmarks\/\d+$/);
    expect(await page.getByTestId('series-parent').innerText()).toBe(`point 1 of series #${sweepId}`);

    const search = await call<Created>(system.apiUrl, 'POST', '/benchmarks', {
      scenario_id: scenarioId,
      name: 'Saturation',
      iterations: 4,
      concurrency: 4,
      arrival: 'search',
      search: { target_attainment: 0.5, over: 'concurrency', max: 4 },
      slo: { total_ms: 60_000 },
    });
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', search.id, 90_000)).toBe('completed');
    await page.goto(ctx().url(`/benchmarks/${search.id}`));
    await settle(page);
    expect(await page.getByTestId('saturation-line').innerText()).toMatch(
      /^Saturation: 4 runs in flight kept 50 %/,
    );
    await expect
      .poll(() => page.getByTestId('saturation-card').locator('.recharts-scatter-symbol').count(), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(3);
    await bothWidths(page, 'benchmark-search');
  });
});
