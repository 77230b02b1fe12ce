/**
 * Accessibility: an axe-core scan of every page and dialog in both themes (no serious or
 * critical violation), and the keyboard alone is enough to open a dialog, move through it,
 * close it (focus returns to where it was) or submit it, and to reach a table's rows.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createAutomationAndScenario, startBenchmark, triggerRun, waitUntilFinished } from './harness/api.js';
import { BLOCKING_IMPACTS, describeViolations, scanAccessibility, type Violation } from './harness/axe.js';
import { openPage, placeholdersOn } from './harness/page.js';
import { describeE2e } from './harness/suite.js';

interface Target {
  name: string;
  path: string;
  /** Opens a dialog after the page loads. */
  open?: (page: Page) => Promise<void>;
}

/** What the focused element is, in words a failure message can show. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return `${el.tagName.toLowerCase()}#${el.id}[${el.getAttribute('role') ?? ''}] ${name}`;
  });
}

/** Presses Tab until `matches` holds for the focused element; fails after `max` presses. */
async function tabTo(page: Page, matches: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await matches()) return;
  }
  throw new Error(`not reached with ${max} Tab presses; focus is on ${await focused(page)}`);
}

describeE2e('accessibility', (ctx) => {
  const ids = { run: 0, failed: 0, a: 0, b: 0 };

  beforeAll(async () => {
    const { apiUrl } = ctx().system;
    const { scenarioId } = await createAutomationAndScenario(apiUrl, {
      automation: 'Accessible shop',
      scenario: 'Product list',
    });
    ids.run = await triggerRun(apiUrl, scenarioId);
    ids.failed = await triggerRun(apiUrl, scenarioId, { mock: { outcome: 'FAILED', steps: 1 } });
    ids.a = await startBenchmark(apiUrl, scenarioId, { name: 'before', iterations: 3, concurrency: 3 });
    ids.b = await startBenchmark(apiUrl, scenarioId, { name: 'after', iterations: 3, concurrency: 3 });
    await waitUntilFinished(apiUrl, 'runs', ids.run);
    await waitUntilFinished(apiUrl, 'runs', ids.failed);
    await waitUntilFinished(apiUrl, 'benchmarks', ids.a);
    await waitUntilFinished(apiUrl, 'benchmarks', ids.b);
  }, 120_000);

  it('has no serious or critical axe violations (and no N/A) on any page, in either theme', async () => {
    const { page } = ctx();
    const targets: Target[] = [
      { name: 'dashboard', path: '/' },
      { name: 'runs', path: '/runs' },
      { name: 'run detail', path: `/runs/${ids.run}` },
      { name: 'failed run detail', path: `/runs/${ids.failed}` },
      { name: 'scenarios', path: '/scenarios' },
      {
        name: 'benchmark dialog',
        path: '/scenarios',
        open: (p) => p.getByRole('button', { name: 'Benchmark: Product list' }).click(),
      },
      { name: 'scenario form', path: '/scenarios?new=1' },
      { name: 'automations', path: '/automations' },
      { name: 'automation form', path: '/automations?new=1' },
      {
        name: 'delete refused (409)',
        path: '/automations',
        open: async (p) => {
          await p.getByRole('button', { name: 'Actions for Accessible shop' }).click();
          await p.getByRole('menuitem', { name: 'Delete' }).click();
          await p.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
          await p.getByTestId('delete-conflict').waitFor();
        },
      },
      { name: 'benchmarks', path: '/benchmarks' },
      { name: 'benchmark detail', path: `/benchmarks/${ids.a}` },
      { name: 'compare', path: `/benchmarks/compare?a=${ids.a}&b=${ids.b}` },
      { name: 'alerts', path: '/alerts' },
      { name: 'not found', path: '/no-such-page' },
    ];
    // Chromium logs the refused delete's 409 answer, and the unknown page's own 404, as failed
    // resources; any other console error still fails the test.
    ctx().expectConsoleErrors(
      /status of 409/,
      /\/no-such-page: Failed to load resource: the server responded with a status of 404/,
    );
    const blocking: string[] = [];
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate((t) => localStorage.setItem('tfbench-theme', t), theme).catch(() => undefined);
      for (const target of targets) {
        await page.goto(ctx().url(target.path));
        await page.evaluate((t) => localStorage.setItem('tfbench-theme', t), theme);
        // Opened again in the theme: this visit is held to the time-to-data budget.
        await openPage(page, ctx().url(target.path));
        if (target.open) await target.open(page);
        if (target.open || target.path.includes('new=1')) await page.getByRole('dialog').waitFor();
        // Let open/close transitions finish: axe judges colours as they are painted.
        await page.waitForTimeout(300);
        const violations: Violation[] = await scanAccessibility(page);
        const serious = violations.filter((v) => BLOCKING_IMPACTS.has(v.impact));
        if (serious.length > 0) blocking.push(`${target.name} (${theme}):\n${describeViolations(serious)}`);
        // Every page, while we are here: no placeholder where a measured number belongs.
        const placeholders = await placeholdersOn(page);
        if (placeholders.length > 0) blocking.push(`${target.name} (${theme}): ${placeholders.join('; ')}`);
      }
    }
    expect(blocking, blocking.join('\n\n')).toEqual([]);
    // 32 visits and axe scans: about two minutes on a two-core machine shared with other builds.
  }, 240_000);

  it('opens, walks and closes a dialog with the keyboard; focus returns to its trigger', async () => {
    const { page } = ctx();
    await openPage(page, ctx().url('/automations'));
    const trigger = page.getByTestId('new-automation');
    await tabTo(page, () => trigger.evaluate((el) => el === document.activeElement));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New automation' });
    await dialog.waitFor();

    // Focus moved into the dialog and stays there however far one tabs.
    const insideDialog = () =>
      dialog.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== el);
    await expect.poll(insideDialog).toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await insideDialog(), `focus left the dialog: ${await focused(page)}`).toBe(true);
      seen.add(await focused(page));
    }
    // The form's controls are all reachable: name, selects, text areas, switch and buttons.
    expect(seen.size).toBeGreaterThanOrEqual(10);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => trigger.evaluate((el) => el === document.activeElement)).toBe(true);

    // Again, and this time fill it in and submit with Enter.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toMatch(/^input/);
    await page.keyboard.type('Typed with the keyboard');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('automation-row').filter({ hasText: 'Typed with the keyboard' }).waitFor();
    await expect.poll(() => trigger.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('reaches the rows of a table with the keyboard and opens one', async () => {
    const { page } = ctx();
    await openPage(page, ctx().url('/runs'));
    const firstRowLink = page.getByTestId('run-row').first().getByRole('link').first();
    const href = await firstRowLink.getAttribute('href');
    await tabTo(page, () => firstRowLink.evaluate((el) => el === document.activeElement));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href);
    await page.getByTestId('run-figures').waitFor();
  });

  it('operates the runs filters with the keyboard', async () => {
    const { page } = ctx();
    await openPage(page, ctx().url('/runs'));
    const status = page.getByRole('combobox', { name: 'Status' });
    await tabTo(page, () => status.evaluate((el) => el === document.activeElement));
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor();
    // The list takes focus a frame after it appears; keys typed before then go nowhere.
    const focusedOption = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('role') === 'option' ? (el.textContent?.trim() ?? '') : null;
      });
    await expect.poll(focusedOption).not.toBeNull();
    // Type-ahead then Enter, as with a native select — once the wanted option is highlighted,
    // as a person would see it before pressing Enter.
    await page.keyboard.type('comp');
    await expect.poll(focusedOption).toMatch(/^completed$/i);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('completed');
    await expect.poll(() => status.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
