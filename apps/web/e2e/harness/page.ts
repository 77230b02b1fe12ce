/**
 * What the e2e tests do with a page besides clicking: open it and hold it to the time-to-data
 * budget, wait for it to settle, screenshot it, and check its text for placeholders that stand
 * in for a measured metric.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths.js';

/**
 * Waits until no skeleton is left. A page that keeps one (a widget that failed to load) fails
 * the wait: skeletons are for loading only.
 */
export async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-slot="skeleton"]').length === 0,
    undefined,
    {
      timeout: timeoutMs,
    },
  );
}

/**
 * Longest a page may take from navigation start to showing its data (no skeleton left), ms,
 * with the dashboard's production build already made, on a machine that is not overloaded.
 */
export const TIME_TO_DATA_BUDGET_MS = 1_000;

/**
 * The budget on this machine now: {@link TIME_TO_DATA_BUDGET_MS} stretched by how far the load
 * average exceeds the cores (a shared two-core machine running other builds serves every
 * request several times slower; the measured time is reported either way).
 */
export function timeToDataBudgetMs(): number {
  const overload = os.loadavg()[0]! / os.availableParallelism();
  const cold = timesToData.length === 0 ? COLD_FIRST_VISIT_FACTOR : 1;
  return Math.round(TIME_TO_DATA_BUDGET_MS * Math.max(1, overload) * cold);
}

/**
 * The first page a suite opens meets a cold browser cache (every script chunk fetched and
 * compiled) and a server whose first queries plan and JIT-compile on a machine that also runs
 * the browser: it gets twice the budget. Every later page gets the plain budget.
 */
const COLD_FIRST_VISIT_FACTOR = 2;

/** Every time to data measured in this process, in visiting order, for the suite's report. */
export const timesToData: Array<{ path: string; ms: number; budgetMs: number }> = [];

/**
 * Navigates to `url` and returns the time to data: ms from navigation start until the document
 * is parsed and no skeleton is left, measured in the page. Fails when that exceeds the budget
 * (see {@link timeToDataBudgetMs}) or the page keeps a skeleton for `timeoutMs`.
 */
export async function openPage(page: Page, url: string, timeoutMs = 15_000): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // Polled every animation frame; the page's clock starts at navigation start.
  const handle = await page.waitForFunction(
    () =>
      document.readyState !== 'loading' && document.querySelectorAll('[data-slot="skeleton"]').length === 0
        ? performance.now()
        : false,
    undefined,
    { timeout: timeoutMs, polling: 'raf' },
  );
  const ms = Math.round((await handle.jsonValue()) as number);
  await handle.dispose();
  await page.waitForLoadState('load');
  const { pathname, search } = new URL(url);
  const budgetMs = timeToDataBudgetMs();
  timesToData.push({ path: `${pathname}${search}`, ms, budgetMs });
  if (ms > budgetMs)
    throw new Error(
      `${pathname}${search} showed its data after ${ms} ms (budget ${budgetMs} ms: ${TIME_TO_DATA_BUDGET_MS} ms, doubled for a suite's first page, at load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`,
    );
  return ms;
}

/**
 * Writes `apps/web/e2e/.screenshots/e2e-<name>.png` (the whole page, or the viewport when a dialog is
 * open). Charts animate in for a moment after they mount, so this waits for that first.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(600);
  const file = path.join(SCREENSHOT_DIR, `e2e-${name}.png`);
  await page.screenshot({
    path: file,
    fullPage: options.fullPage ?? true,
    animations: 'disabled',
    // Toasts of earlier steps would cover the page being shown.
    style: '[data-slot="toast"] { visibility: hidden !important; }',
  });
  return file;
}

/** Words that stand in for a number the system measured: the original dashboard's "N/A". */
const PLACEHOLDERS: ReadonlyArray<[RegExp, string]> = [
  [/\bN\/A\b/i, 'N/A'],
  [/\bNaN\b/, 'NaN'],
  [/\bundefined\b/, 'undefined'],
  [/\bInfinity\b/, 'Infinity'],
  [/\[object Object\]/, '[object Object]'],
];

/**
 * The placeholders in the page's visible text (with a little context each); empty when none.
 * Collapsed JSON blocks are not visible text, so raw payloads do not count.
 */
export async function placeholdersOn(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const found: string[] = [];
  for (const [pattern, label] of PLACEHOLDERS) {
    const match = pattern.exec(text);
    if (match) {
      const at = match.index;
      found.push(`${label}: …${text.slice(Math.max(0, at - 60), at + 40).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}
