import { expect, it } from 'vitest';
import {
  call as api,
  createAutomationAndScenario,
  startBenchmark,
  triggerRun,
  waitUntilFinished,
} from './harness/api.js';
import { openPage, placeholdersOn, settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

/** How long a poll may wait: a debounced search, a request and a render, on a shared two-core machine. */
const SOON = { timeout: 10_000 };

describeE2e('re-run, clone, scenario trends, alerts and runs search', (ctx) => {
  it('re-runs a benchmark, clones its scenario and shows the trend on the scenario page', async () => {
    const { page, system } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Trends',
      scenario: 'Trend scenario',
    });
    const first = await startBenchmark(system.apiUrl, scenarioId, {
      name: 'nightly',
      iterations: 3,
      concurrency: 3,
    });
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', first)).toBe('completed');

    // The list and the page say how it went, not only that it ended: the scenario's threshold
    // held, so the verdict is passed, and the success rate says what it is over.
    await openPage(page, ctx().url('/benchmarks'));
    const listed = page.getByTestId('benchmark-row').filter({ hasText: `#${first} nightly` });
    expect(
      await listed.locator('[data-testid="benchmark-verdict"]:visible').getAttribute('data-verdict'),
    ).toBe('passed');
    await openPage(page, ctx().url(`/benchmarks/${first}`));
    const headline = page.getByTestId('benchmark-headline');
    expect(await headline.getByTestId('benchmark-verdict').getAttribute('data-verdict')).toBe('passed');
    expect(await headline.getByTestId('benchmark-success-denominator').innerText()).toBe(
      'of 3 runs sent · 3 planned',
    );
    expect(await headline.getByTestId('benchmark-dropped-runs').innerText()).toBe('none (closed arrival)');
    await bothWidths(page, 'benchmark-rerun');
    await page.getByTestId('rerun-benchmark').click();
    await page.waitForURL(
      (url) => /^\/benchmarks\/\d+$/.test(url.pathname) && url.pathname !== `/benchmarks/${first}`,
    );
    const second = Number(/\/benchmarks\/(\d+)$/.exec(page.url())?.[1]);
    expect(second).toBeGreaterThan(first);
    const rerun = await api<{ name: string; settings: Record<string, unknown> }>(
      system.apiUrl,
      'GET',
      `/benchmarks/${second}`,
    );
    const original = await api<{ settings: Record<string, unknown> }>(
      system.apiUrl,
      'GET',
      `/benchmarks/${first}`,
    );
    expect(rerun.name).toBe('nightly');
    expect(rerun.settings).toEqual(original.settings);
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', second)).toBe('completed');

    // Clone from the scenarios list: the copy appears under its own name.
    await page.goto(ctx().url('/scenarios'));
    await settle(page);
    await page.getByRole('button', { name: 'More actions for Trend scenario' }).click();
    await page.getByRole('menuitem', { name: 'Clone' }).click();
    const copyRow = page.getByTestId('scenario-row').filter({ hasText: 'Trend scenario (copy)' });
    await copyRow.waitFor();
    await bothWidths(page, 'scenario-cloned');

    // The scenario's page: settings, schedule, a point per benchmark, the runs.
    await page
      .getByTestId('scenario-row')
      .filter({ hasText: /^Trend scenario(?! \(copy\))/ })
      .getByTestId('scenario-link')
      .click();
    await page.waitForURL(new RegExp(`/scenarios/${scenarioId}$`));
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Trend scenario');
    expect(await page.getByTestId('scenario-settings').innerText()).toContain('success_rate >= 0.5');
    expect(await page.getByTestId('scenario-schedule').innerText()).toMatch(/off/);
    await expect.poll(() => page.getByTestId('scenario-benchmark-row').count()).toBe(2);
    const chart = page.getByTestId('trend-latency');
    await expect.poll(() => chart.locator('.recharts-line-dot').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('run-row').count()).toBeGreaterThan(0);
    expect(await placeholdersOn(page)).toEqual([]);
    await bothWidths(page, 'scenario-detail');

    // A point of the chart opens its benchmark.
    await chart.scrollIntoViewIfNeeded();
    const dotCentres = await chart.locator('.recharts-line-dot').evaluateAll((dots) =>
      dots.map((dot) => {
        const r = dot.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }),
    );
    const last = dotCentres.reduce((a, b) => (b.x > a.x ? b : a));
    await page.mouse.move(last.x, last.y);
    await page.mouse.click(last.x, last.y);
    await page.waitForURL(new RegExp(`/benchmarks/${second}$`));

    // Cloning on the scenario page opens the copy. Opened directly, the page is held to the
    // time-to-data budget like every other page.
    await openPage(page, ctx().url(`/scenarios/${scenarioId}`));
    await page.getByTestId('clone-scenario').click();
    await page.waitForURL(
      (url) => /\/scenarios\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${scenarioId}`),
    );
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('Trend scenario (copy 2)');
  });

  it('starts a saved benchmark with one press and deletes another', async () => {
    const { page, system } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Saved',
      scenario: 'Saved scenario',
    });
    const saved = await api<{ id: number }>(system.apiUrl, 'POST', '/benchmark-definitions', {
      name: 'Nightly smoke',
      scenario_id: scenarioId,
      iterations: 4,
      concurrency: 2,
    });
    await api(system.apiUrl, 'POST', '/benchmark-definitions', {
      name: 'Old soak',
      scenario_id: scenarioId,
      iterations: 50,
      arrival: 'constant',
      rate_per_s: 2,
      concurrency: 5,
    });

    await openPage(page, ctx().url('/benchmarks'));
    const card = page.getByTestId('saved-benchmarks');
    const smoke = card.getByTestId('saved-benchmark-row').filter({ hasText: 'Nightly smoke' });
    await smoke.waitFor();
    expect(await smoke.innerText()).toContain('Saved scenario');
    expect(await smoke.innerText()).toContain('4 runs · closed · concurrency 2');
    await bothWidths(page, 'saved-benchmarks');

    // Deleting asks first, then the row goes.
    await card.getByRole('button', { name: 'Delete Old soak' }).click();
    await page.getByTestId('delete-confirm').click();
    await expect
      .poll(() => card.getByTestId('saved-benchmark-row').allInnerTexts(), SOON)
      .toEqual([expect.stringContaining('Nightly smoke')]);

    // Run starts a benchmark with the saved name and load, and opens its page.
    await smoke.getByTestId('run-saved-benchmark').click();
    await page.waitForURL((url) => /^\/benchmarks\/\d+$/.test(url.pathname));
    const started = Number(/\/benchmarks\/(\d+)$/.exec(page.url())?.[1]);
    const benchmark = await api<{ name: string; scenario_id: number; settings: Record<string, unknown> }>(
      system.apiUrl,
      'GET',
      `/benchmarks/${started}`,
    );
    expect(benchmark).toMatchObject({
      name: 'Nightly smoke',
      scenario_id: scenarioId,
      settings: { iterations: 4, concurrency: 2 },
    });
    expect(await waitUntilFinished(system.apiUrl, 'benchmarks', started)).toBe('completed');
    expect(saved.id).toBeGreaterThan(0);
  });

  it('counts firing alerts in the sidebar and acknowledges and silences one', async () => {
    const { page, system } = ctx();
    const { automationId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Alerting',
      scenario: 'Quiet',
    });
    const scenario = await api<{ id: number }>(system.apiUrl, 'POST', '/scenarios', {
      name: 'Too slow',
      automation_id: automationId,
      inputs_template: { mock: { outcome: 'COMPLETED', steps: 2, step_delay_ms: 50 } },
      // A daily schedule whose first tick is a day away; the runs below are triggered by hand.
      run_settings: { interval_seconds: 86_400, alert_window_runs: 1, regression: false },
      thresholds: ['p95(total_duration_ms) < 1 ms'],
    });
    await api(system.apiUrl, 'POST', `/scenarios/${scenario.id}/schedule`, { enabled: true });
    expect(await waitUntilFinished(system.apiUrl, 'runs', await triggerRun(system.apiUrl, scenario.id))).toBe(
      'completed',
    );
    await expect
      .poll(async () => (await api<unknown[]>(system.apiUrl, 'GET', '/alerts?state=firing')).length, {
        timeout: 15_000,
      })
      .toBe(1);

    await page.goto(ctx().url('/alerts'));
    await settle(page);
    const badge = page.getByRole('complementary').getByTestId('firing-alerts-badge');
    await expect.poll(() => badge.innerText()).toBe('1');
    const row = page.getByTestId('alert-row').first();
    await row.locator('[data-testid="acknowledge-alert"]:visible').click();
    await row.locator('[data-testid="alert-acknowledged"]:visible').waitFor();
    expect(await row.locator('[data-testid="acknowledge-alert"]:visible').count()).toBe(0);

    await row.locator('[data-testid="silence-alert"]:visible').click();
    await page.getByTestId('silence-until-resolved').click();
    await row.locator('[data-testid="alert-silenced"]:visible').waitFor();
    expect(await row.locator('[data-testid="alert-silenced"]:visible').innerText()).toBe(
      'silenced until resolved',
    );
    const stored = await api<Array<{ acknowledged_at: string | null; silenced_until_resolved: boolean }>>(
      system.apiUrl,
      'GET',
      '/alerts?state=firing',
    );
    expect(stored[0]?.acknowledged_at).toEqual(expect.any(String));
    expect(stored[0]?.silenced_until_resolved).toBe(true);
    await bothWidths(page, 'alerts-acknowledged');

    await row.locator('[data-testid="unsilence-alert"]:visible').click();
    await expect.poll(() => row.locator('[data-testid="alert-silenced"]:visible').count()).toBe(0);
    await row.locator('[data-testid="silence-alert"]:visible').click();
    await page.getByRole('menuitem', { name: 'For 1 hour' }).click();
    await expect
      .poll(() => row.locator('[data-testid="alert-silenced"]:visible').innerText())
      .toMatch(/^silenced, ends in/);
  });

  it('searches the runs list by error code, shows the code, and filters by dates', async () => {
    const { page, system } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Searching',
      scenario: 'Search target',
    });
    const failed = await triggerRun(system.apiUrl, scenarioId, {
      mock: { outcome: 'FAILED', steps: 1, step_delay_ms: 50 },
    });
    const completed = await triggerRun(system.apiUrl, scenarioId);
    expect(await waitUntilFinished(system.apiUrl, 'runs', failed)).toBe('failed');
    expect(await waitUntilFinished(system.apiUrl, 'runs', completed)).toBe('completed');
    const { error_code: code } = await api<{ error_code: string }>(system.apiUrl, 'GET', `/runs/${failed}`);
    expect(code).toMatch(/\w/);

    await page.goto(ctx().url('/runs'));
    await settle(page);
    const ids = () =>
      page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    await expect.poll(ids, SOON).toEqual(expect.arrayContaining([String(failed), String(completed)]));
    const failedRow = page.locator(`[data-testid="run-row"][data-run-id="${failed}"]`);
    expect(await failedRow.getByTestId('run-error-code').innerText()).toBe(code);

    await page.getByTestId('filter-search').fill(code.toLowerCase());
    await expect.poll(ids, SOON).toEqual([String(failed)]);
    expect(new URL(page.url()).searchParams.get('q')).toBe(code.toLowerCase());
    await page.getByTestId('filter-search').fill(`#${completed}`);
    await expect.poll(ids, SOON).toEqual([String(completed)]);
    await page.getByTestId('filter-search').fill('');
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), SOON).toBeNull();

    // From tomorrow on: nothing; from yesterday: both runs again, and the range survives a reload.
    const local = (offsetDays: number) => {
      const d = new Date(Date.now() + offsetDays * 86_400_000);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    };
    await page.getByTestId('filter-from').fill(local(1));
    await expect.poll(() => page.getByTestId('run-row').count(), SOON).toBe(0);
    // Both ends filled at once, faster than the URL renders: the second must not drop the first.
    await page.getByTestId('filter-from').fill(local(-1));
    await page.getByTestId('filter-to').fill(local(1));
    const range = () => {
      const params = new URL(page.url()).searchParams;
      return [params.get('from'), params.get('to')];
    };
    const wanted = [local(-1), local(1)].map((value) => new Date(value).toISOString());
    await expect.poll(range, SOON).toEqual(wanted);
    await expect.poll(ids, SOON).toEqual(expect.arrayContaining([String(failed), String(completed)]));
    await page.reload();
    await settle(page);
    expect(await page.getByTestId('filter-from').inputValue()).toBe(local(-1));
    expect(await page.getByTestId('filter-to').inputValue()).toBe(local(1));
    await page.getByTestId('filter-search').fill(code);
    await expect.poll(ids, SOON).toEqual([String(failed)]);
    await bothWidths(page, 'runs-search');
  });
});
