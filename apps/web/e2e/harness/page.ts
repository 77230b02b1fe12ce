/**
 * What the e2e tests do with a page besides clicking: wait for it to settle, take the README
 * screenshot, and check its text for placeholders that stand in for a measured metric.
 */
import { mkdir } from 'node:fs/promises';
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
 * Writes `docs/screenshots/e2e-<name>.png` (the whole page, or the viewport when a dialog is
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
