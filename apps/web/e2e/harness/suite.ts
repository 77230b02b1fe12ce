/**
 * `describeE2e`: a vitest suite with its own fresh system (API + dashboard) and its own
 * Chromium, started once before the suite's tests and torn down after them. Each test gets a
 * new page. Without Chromium the suite is skipped with a warning on a developer's machine and
 * fails under CI=true, like the PostgreSQL and Redis tests.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isCi } from '@tfbench/core/testing';
import {
  type BrowserSession,
  chromiumMissing,
  type OpenBrowserOptions,
  openBrowser,
  type StartSystemOptions,
  type System,
  startSystem,
} from '@tfbench/testbed';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';

/** Generous: the first suite of a run may build the dashboard (about a minute on two cores). */
export const SETUP_TIMEOUT_MS = 300_000;
/** Per test: a newcomer's path waits for runs and benchmarks to finish in real time. */
export const TEST_TIMEOUT_MS = 120_000;

export interface E2eContext {
  system: System;
  browser: BrowserSession;
  /** A fresh page for the current test. */
  page: Page;
  /** `webUrl` + path. */
  url(path: string): string;
}

export function describeE2e(
  title: string,
  body: (ctx: () => E2eContext) => void,
  options: { system?: StartSystemOptions; browser?: OpenBrowserOptions } = {},
): void {
  const missing = chromiumMissing();
  if (missing && !isCi()) {
    console.warn(`[tfbench e2e] ${missing}. Skipping "${title}".`);
    describe.skip(title, () => body(() => unavailable()));
    return;
  }
  describe(title, { timeout: TEST_TIMEOUT_MS }, () => {
    let system: System | undefined;
    let browser: BrowserSession | undefined;
    let page: Page | undefined;

    beforeAll(async () => {
      // Under CI a missing browser is an error of the machine, not a reason to skip.
      if (missing) throw new Error(`${missing}. With CI=true the end-to-end tests must run.`);
      system = await startSystem(options.system);
      browser = await openBrowser(options.browser);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await browser?.close();
      await system?.close();
    }, 60_000);

    beforeEach(async () => {
      if (!browser) throw new Error('the browser did not start');
      page = await browser.context.newPage();
    });

    afterEach(async (test) => {
      const opened = page;
      page = undefined;
      if (!opened) return;
      if (test.task.result?.state === 'fail') {
        // The page as it was, for whoever reads the failure (outside the repository).
        const shot = path.join(
          os.tmpdir(),
          'tfbench-e2e-failures',
          `${test.task.name.replace(/\W+/g, '-')}.png`,
        );
        await mkdir(path.dirname(shot), { recursive: true });
        await opened.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        console.error(
          `[tfbench e2e] failed on ${opened.url()} (screenshot: ${shot})\n${system?.logs().slice(-6000) ?? ''}`,
        );
      }
      await opened.close();
    });

    body(() => {
      if (!system || !browser) throw new Error('the e2e system is not up');
      const webUrl = system.webUrl;
      return {
        system,
        browser,
        get page() {
          if (!page) throw new Error('pages exist only inside tests');
          return page;
        },
        url: (p) => `${webUrl}${p}`,
      };
    });
  });
}

function unavailable(): never {
  throw new Error('Chromium is not available');
}
