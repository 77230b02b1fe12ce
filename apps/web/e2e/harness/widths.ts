/** A page checked and photographed at desktop and phone widths. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { BLOCKING_IMPACTS, describeViolations, scanAccessibility } from './axe.js';
import { screenshot } from './page.js';

/** The page at 1440 px and at 375 px, then back at 1440; with no serious accessibility violation. */
export async function bothWidths(page: Page, name: string): Promise<void> {
  const serious = (await scanAccessibility(page)).filter((v) => BLOCKING_IMPACTS.has(v.impact));
  expect(serious, describeViolations(serious)).toEqual([]);
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  // Nothing may stick out sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize({ width: 1440, height: 900 });
}
