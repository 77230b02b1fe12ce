/**
 * `describeE2e`: a vitest suite with its own fresh system (API + dashboard) and its own
 * Chromium, started once before the suite's tests and torn down after them, the browser signed
 * in as the system's bootstrapped administrator. Each test gets a new page. A test fails when any page of the browser logs a console error or throws an
 * uncaught error while it runs, unless the test declared that message expected. Without
 * Chromium the suite is skipped with a warning on a developer's machine and fails under
 * CI=true, like the PostgreSQL and Redis tests.
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
  signIn,
  startSystem,
} from '@tfbench/testbed';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { timesToData } from './page.js';

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
  /**
   * Declares console errors the current test provokes on purpose (e.g. the browser's "Failed to
   * load resource … 409" of a refused delete); any other one fails the test. Each pattern is
   * tested against `<url>: <message>`, the URL being the failed resource's or the page's.
   */
  expectConsoleErrors(...patterns: RegExp[]): void;
}

/** A console error or uncaught exception of a page, with where it happened. */
interface PageProblem {
  kind: 'console.error' | 'uncaught error';
  url: string;
  text: string;
}

function describeProblems(problems: PageProblem[]): string {
  return problems.map((p) => `  ${p.kind} on ${p.url}: ${p.text}`).join('\n');
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
    let problems: PageProblem[] = [];
    let expected: RegExp[] = [];

    beforeAll(async () => {
      // Under CI a missing browser is an error of the machine, not a reason to skip.
      if (missing) throw new Error(`${missing}. With CI=true the end-to-end tests must run.`);
      system = await startSystem(options.system);
      browser = await openBrowser(options.browser);
      // A system started without accounts has no one to sign in as: its suite starts at setup.
      if (options.system?.bootstrap !== false) await signIn(browser.context, system.webUrl);
      // On the context, so every page a test opens (popups included) is watched.
      browser.context.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location().url || message.page()?.url() || 'an unknown page';
        problems.push({ kind: 'console.error', url: where, text: message.text() });
      });
      browser.context.on('weberror', (error) => {
        const thrown = error.error();
        problems.push({
          kind: 'uncaught error',
          url: error.page()?.url() ?? 'an unknown page',
          text: `${thrown.name}: ${thrown.message}`,
        });
      });
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      if (timesToData.length > 0)
        console.info(
          `[tfbench e2e] time to data in "${title}":\n${timesToData.map((t) => `  ${t.path}: ${t.ms} ms (budget ${t.budgetMs} ms)`).join('\n')}`,
        );
      await browser?.close();
      await system?.close();
    }, 60_000);

    beforeEach(async () => {
      if (!browser) throw new Error('the browser did not start');
      problems = [];
      expected = [];
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
      const unexpected = problems.filter(
        (p) => !expected.some((pattern) => pattern.test(`${p.url}: ${p.text}`)),
      );
      if (unexpected.length > 0) {
        const report = `the browser reported errors during "${test.task.name}":\n${describeProblems(unexpected)}`;
        // A test that failed already keeps its own message; these come on top.
        if (test.task.result?.state === 'fail') console.error(`[tfbench e2e] ${report}`);
        else throw new Error(report);
      }
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
        expectConsoleErrors: (...patterns) => {
          expected.push(...patterns);
        },
      };
    });
  });
}

function unavailable(): never {
  throw new Error('Chromium is not available');
}
