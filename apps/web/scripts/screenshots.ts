/**
 * Screenshots of every dashboard page at desktop and phone widths, in both themes, written to
 * docs/screenshots/ for the README and for looking at layout changes. This is the one thing that
 * writes docs/screenshots (the e2e suite keeps its own, git-ignored).
 *
 *   npm run screenshots -- --email you@example.com --password '…' [--base http://localhost:3000]
 *       [--out docs/screenshots] [--chromium /usr/bin/chromium] [--only dashboard,runs]
 *       [--widths 1440,375] [--themes dark,light]
 *
 * Needs a running dashboard (npm start) and Debian's Chromium. It signs in with the account
 * given; on a system without any account it first photographs the setup page and then creates
 * that account as the administrator. Pages with ids use the first one the API lists: the newest
 * run and benchmark, the first scenario.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS } from '@tfbench/testbed/browser';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: path.resolve(import.meta.dirname, '../../../docs/screenshots') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    only: { type: 'string' },
    widths: { type: 'string', default: '1440,375' },
    themes: { type: 'string', default: 'dark,light' },
    email: { type: 'string' },
    password: { type: 'string' },
  },
});

const base = values.base.replace(/\/+$/, '');

async function newestId(
  context: BrowserContext,
  resource: 'runs' | 'benchmarks' | 'scenarios',
): Promise<number | undefined> {
  try {
    const response = await context.request.get(`${base}/api/v1/${resource}?limit=1`);
    if (!response.ok()) return undefined;
    const body = (await response.json()) as Array<{ id: number }>;
    return body[0]?.id;
  } catch {
    return undefined;
  }
}

/** Waits until no skeleton is left (or gives up after a while: a page may legitimately poll). */
async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.querySelectorAll('[data-slot="skeleton"]').length === 0, undefined, {
      timeout: 10_000,
    })
    .catch(() => undefined);
  // Let charts finish their first animation.
  await page.waitForTimeout(900);
}

/** Clicks the first `trigger` of the page and waits for the dialog it opens; returns the dialog. */
async function openDialog(page: Page, trigger: string, dialog: string) {
  await page.getByTestId(trigger).first().click({ timeout: 5000 });
  const opened = page.getByTestId(dialog);
  await opened.waitFor({ timeout: 5000 });
  return opened;
}

/** The shot of the dialog `trigger` opens over the page at `at`. */
function dialogShot(name: string, at: string, trigger: string, dialog: string): Shot {
  return {
    name,
    path: at,
    open: async (page) => {
      await openDialog(page, trigger, dialog);
    },
  };
}

interface Shot {
  name: string;
  path: string;
  open?: (page: Page) => Promise<void>;
  /** A whole page the `open` step put in place (not a dialog over the page). */
  fullPage?: boolean;
  /** A document with one theme of its own (the HTML report is light): taken once per width. */
  lightOnly?: boolean;
}

/** The benchmark's HTML report, as "Download report" saves it, in place of the page. */
function reportShot(benchmarkId: number): Shot {
  return {
    name: 'benchmark-report',
    path: `/benchmarks/${benchmarkId}`,
    fullPage: true,
    lightOnly: true,
    open: async (page) => {
      const response = await page
        .context()
        .request.get(`${base}/api/v1/benchmarks/${benchmarkId}/report?format=html`);
      if (!response.ok()) throw new Error(`the report: HTTP ${response.status()}`);
      await page.setContent(await response.text(), { waitUntil: 'load' });
    },
  };
}

/** The signed-in pages, with ids the API lists to this context's session. */
async function appPages(context: BrowserContext): Promise<Shot[]> {
  const runId = await newestId(context, 'runs');
  const benchmarkId = await newestId(context, 'benchmarks');
  const scenarioId = await newestId(context, 'scenarios');
  return [
    { name: 'dashboard', path: '/' },
    { name: 'runs', path: '/runs' },
    ...(runId ? [{ name: 'run-detail', path: `/runs/${runId}` }] : []),
    { name: 'scenarios', path: '/scenarios' },
    ...(scenarioId ? [{ name: 'scenario-detail', path: `/scenarios/${scenarioId}` }] : []),
    { name: 'automations', path: '/automations' },
    { name: 'automation-form', path: '/automations?new=1' },
    dialogShot('benchmark-dialog', '/scenarios', 'start-benchmark', 'benchmark-dialog'),
    {
      name: 'benchmark-dialog-stages',
      path: '/scenarios',
      open: async (page) => {
        const dialog = await openDialog(page, 'start-benchmark', 'benchmark-dialog');
        await dialog.getByRole('combobox', { name: 'Load shape' }).click({ timeout: 5000 });
        await page.getByRole('option', { name: /Ramping stages/ }).click({ timeout: 5000 });
        await dialog.getByTestId('stage-editor').waitFor({ timeout: 5000 });
      },
    },
    { name: 'datasets', path: '/datasets' },
    dialogShot('dataset-upload', '/datasets', 'upload-dataset', 'dataset-upload-dialog'),
    { name: 'benchmarks', path: '/benchmarks' },
    ...(benchmarkId
      ? [{ name: 'benchmark-detail', path: `/benchmarks/${benchmarkId}` }, reportShot(benchmarkId)]
      : []),
    { name: 'benchmark-compare', path: '/benchmarks/compare' },
    { name: 'alerts', path: '/alerts' },
    { name: 'api-keys', path: '/settings/api-keys' },
    { name: 'users', path: '/settings/users' },
    { name: 'audit', path: '/settings/audit' },
  ];
}

const only = values.only ? new Set(values.only.split(',')) : null;
const widths = values.widths.split(',').map(Number);
const themes = values.themes.split(',') as Array<'dark' | 'light'>;

async function newContext(browser: Browser, theme: 'dark' | 'light', width: number): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 812 : 900 },
    deviceScaleFactor: 1,
    colorScheme: theme,
  });
  // The dashboard reads the theme from localStorage before its first paint.
  await context.addInitScript((t) => localStorage.setItem('tfbench-theme', t), theme);
  return context;
}

async function shoot(page: Page, shot: Shot, suffix: string): Promise<void> {
  if (only && !only.has(shot.name)) return;
  if (shot.lightOnly && suffix.endsWith('-dark')) return;
  await page.goto(`${base}${shot.path}`, { waitUntil: 'load' });
  await settle(page);
  if (shot.open) {
    try {
      await shot.open(page);
    } catch (error) {
      // A page in an empty system has nothing to click (no scenario yet): skip that shot.
      process.stdout.write(
        `skipped ${shot.name}: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`,
      );
      return;
    }
  }
  const file = path.join(values.out, `${shot.name}-${suffix}.png`);
  // A modal fills the viewport; a full-page shot would show the page behind it stretched.
  await page.screenshot({
    path: file,
    fullPage: shot.fullPage ?? (!shot.open && !shot.path.includes('new=1')),
  });
  process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
}

async function authStatus(): Promise<{ auth: 'on' | 'off'; setup_required: boolean }> {
  const response = await fetch(`${base}/api/v1/auth/status`);
  // An API without accounts has nothing to sign in to.
  if (response.status === 404) return { auth: 'off', setup_required: false };
  if (!response.ok) throw new Error(`GET /api/v1/auth/status: HTTP ${response.status}`);
  return (await response.json()) as { auth: 'on' | 'off'; setup_required: boolean };
}

async function post(context: BrowserContext, route: string, data: unknown): Promise<void> {
  const response = await context.request.post(`${base}/api/v1/auth/${route}`, { data });
  if (!response.ok())
    throw new Error(`POST /api/v1/auth/${route}: HTTP ${response.status()} ${await response.text()}`);
}

async function main(): Promise<void> {
  const status = await authStatus();
  const account = values.email && values.password ? { email: values.email, password: values.password } : null;
  if (status.auth === 'on' && !account)
    throw new Error(
      'Pass --email and --password: the account to sign in with (on a new system, the administrator to create).',
    );
  const combos = themes.flatMap((theme) => widths.map((width) => ({ theme, width })));

  await mkdir(values.out, { recursive: true });
  // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({ executablePath: values.chromium, args: CHROMIUM_ARGS });
  try {
    if (status.setup_required && account) {
      // The setup page exists only until the first account does: every shot of it comes first.
      for (const { theme, width } of combos) {
        const context = await newContext(browser, theme, width);
        await shoot(await context.newPage(), { name: 'setup', path: '/setup' }, `${width}-${theme}`);
        await context.close();
      }
      const context = await newContext(browser, 'dark', 1440);
      await post(context, 'setup', account);
      await context.close();
    } else if (status.auth === 'on' && (!only || only.has('setup'))) {
      process.stdout.write('skipped setup: the system has an account already\n');
    }
    for (const { theme, width } of combos) {
      const context = await newContext(browser, theme, width);
      const page = await context.newPage();
      if (status.auth === 'on' && account) {
        await shoot(page, { name: 'sign-in', path: '/sign-in' }, `${width}-${theme}`);
        await post(context, 'login', account);
      }
      for (const shot of await appPages(context)) await shoot(page, shot, `${width}-${theme}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
