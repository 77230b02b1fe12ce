/**
 * `npm start` as a user runs it (scripts/start-dev.ts as its own process, in an empty folder so
 * no .env of ours applies): it serves the dashboard's production build, asks for the
 * administrator on the first visit, answers at both http://127.0.0.1 and http://localhost,
 * shows data within the time-to-data budget without a console error, has an icon, and a second
 * start reuses the cached build instead of building.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isCi } from '@tfbench/core/testing';
import {
  type BrowserSession,
  chromiumMissing,
  freePort,
  type ManagedProcess,
  openBrowser,
  REPO_ROOT,
  signIn,
  startProcess,
  TSX_LOADER,
  tail,
  waitForHttp,
} from '@tfbench/testbed';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSetup } from './harness/auth.js';
import { openPage } from './harness/page.js';
import { SETUP_TIMEOUT_MS } from './harness/suite.js';

const START_SCRIPT = path.join(REPO_ROOT, 'scripts/start-dev.ts');

interface Started {
  process: ManagedProcess;
  webPort: number;
  apiPort: number;
}

async function npmStart(dataDir: string): Promise<Started> {
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const started = startProcess('npm start', ['--import', TSX_LOADER, START_SCRIPT], {
    cwd: dataDir,
    env: {
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      TFBENCH_DATA_DIR: path.join(dataDir, 'pglite'),
      TINYFISH_MOCK_MODE: 'true',
      LOG_LEVEL: 'warn',
    },
  });
  // The first start may build the dashboard: a couple of minutes on a busy two-core machine.
  await waitForHttp(`http://127.0.0.1:${webPort}/api/v1/auth/status`, started, SETUP_TIMEOUT_MS - 30_000);
  return { process: started, webPort, apiPort };
}

/** Console errors and uncaught errors of `page` from now on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

const missing = chromiumMissing();

/** The administrator this suite creates on the setup page. */
const ADMIN = { email: 'owner@tfbench.test', password: 'a long enough password' };

if (missing && !isCi()) console.warn(`[tfbench e2e] ${missing}. Skipping "npm start".`);

describe.skipIf(missing !== null && !isCi())('npm start', () => {
  let dataDir: string;
  let first: Started | undefined;
  let browser: BrowserSession | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(`${missing}. With CI=true the end-to-end tests must run.`);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tfbench-npm-start-'));
    first = await npmStart(dataDir);
    browser = await openBrowser();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await first?.process.stop(45_000);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('serves the production build, not the development server', async () => {
    const html = await (await fetch(`http://127.0.0.1:${first!.webPort}/`)).text();
    // `next dev` pages load the hot-reload client; a production build never does.
    expect(html).not.toMatch(/webpack-hmr|turbopack-hmr|_next\/hmr|react-refresh/);
    expect(first!.process.output()).toMatch(/production build/);
  });

  it('asks for the administrator on the first visit, then shows the page that was asked for', async () => {
    const page = await browser!.context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`http://127.0.0.1:${first!.webPort}/runs`);
      await page.waitForURL(/\/setup\?next=%2Fruns$/);
      await completeSetup(page, ADMIN);
      await page.waitForURL(/\/runs$/);
      await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`shows the dashboard's data at http://${host} within the budget, without console errors`, async () => {
      // Cookies belong to one host name: localhost needs its own sign-in.
      await signIn(browser!.context, `http://${host}:${first!.webPort}`, ADMIN);
      const page = await browser!.context.newPage();
      const errors = watchErrors(page);
      try {
        for (const route of ['/', '/runs', '/scenarios', '/benchmarks']) {
          await openPage(page, `http://${host}:${first!.webPort}${route}`);
        }
        expect(await page.getByRole('heading', { level: 1 }).first().innerText()).not.toBe('');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('has an icon at /favicon.ico and links one', async () => {
    const icon = await fetch(`http://localhost:${first!.webPort}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    const html = await (await fetch(`http://localhost:${first!.webPort}/`)).text();
    expect(html).toMatch(/<link rel="icon" href="\/icon\.svg[^"]*"[^>]* type="image\/svg\+xml"/);
  });

  it('starts again from the cached build, without building', async () => {
    await first!.process.stop(45_000);
    first = undefined;
    const t = Date.now();
    const second = await npmStart(dataDir);
    try {
      const output = second.process.output();
      expect(output, tail(output)).not.toMatch(/building the dashboard/);
      // No `next build`: the API's start-up and `next start` only.
      expect(Date.now() - t).toBeLessThan(60_000);
    } finally {
      await second.process.stop(45_000);
    }
  }, 120_000);
});
