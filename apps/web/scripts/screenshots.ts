/**
 * Screenshots of every dashboard page at desktop and phone widths, in both themes, written to
 * docs/screenshots/ for the README and for looking at layout changes. This is the one thing that
 * writes docs/screenshots (the e2e suite keeps its own, git-ignored).
 *
 *   npm run screenshots [-- --base http://localhost:3000] [--out docs/screenshots]
 *       [--chromium /usr/bin/chromium] [--only dashboard,runs] [--widths 1440,375] [--themes dark,light]
 *
 * Needs a running dashboard (npm start) and Debian's Chromium. Pages with ids use the first one
 * the API lists: the newest run and benchmark, the first scenario.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: path.resolve(import.meta.dirname, '../../../docs/screenshots') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    only: { type: 'string' },
    widths: { type: 'string', default: '1440,375' },
    themes: { type: 'string', default: 'dark,light' },
  },
});

const base = values.base.replace(/\/+$/, '');

/** Flags for a quiet, sandbox-free headless Chromium that talks to nothing but our server. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function newestId(resource: 'runs' | 'benchmarks' | 'scenarios'): Promise<number | undefined> {
  try {
    const response = await fetch(`${base}/api/v1/${resource}?limit=1`);
    if (!response.ok) return undefined;
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

async function main(): Promise<void> {
  const runId = await newestId('runs');
  const benchmarkId = await newestId('benchmarks');
  const scenarioId = await newestId('scenarios');
  const pages: Array<{ name: string; path: string; open?: (page: Page) => Promise<void> }> = [
    { name: 'dashboard', path: '/' },
    { name: 'runs', path: '/runs' },
    ...(runId ? [{ name: 'run-detail', path: `/runs/${runId}` }] : []),
    { name: 'scenarios', path: '/scenarios' },
    ...(scenarioId ? [{ name: 'scenario-detail', path: `/scenarios/${scenarioId}` }] : []),
    { name: 'automations', path: '/automations' },
    { name: 'automation-form', path: '/automations?new=1' },
    {
      name: 'benchmark-dialog',
      path: '/scenarios',
      open: async (page) => {
        await page.getByTestId('start-benchmark').first().click({ timeout: 5000 });
        await page.getByTestId('benchmark-dialog').waitFor({ timeout: 5000 });
      },
    },
    { name: 'benchmarks', path: '/benchmarks' },
    ...(benchmarkId ? [{ name: 'benchmark-detail', path: `/benchmarks/${benchmarkId}` }] : []),
    { name: 'benchmark-compare', path: '/benchmarks/compare' },
    { name: 'alerts', path: '/alerts' },
  ];
  const only = values.only ? new Set(values.only.split(',')) : null;
  const widths = values.widths.split(',').map(Number);
  const themes = values.themes.split(',') as Array<'dark' | 'light'>;

  await mkdir(values.out, { recursive: true });
  // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({ executablePath: values.chromium, args: CHROMIUM_ARGS });
  try {
    for (const theme of themes) {
      for (const width of widths) {
        const context = await browser.newContext({
          viewport: { width, height: width < 600 ? 812 : 900 },
          deviceScaleFactor: 1,
          colorScheme: theme,
        });
        // The dashboard reads the theme from localStorage before its first paint.
        await context.addInitScript((t) => localStorage.setItem('tfbench-theme', t), theme);
        const page = await context.newPage();
        for (const p of pages) {
          if (only && !only.has(p.name)) continue;
          await page.goto(`${base}${p.path}`, { waitUntil: 'load' });
          await settle(page);
          if (p.open) {
            try {
              await p.open(page);
            } catch (error) {
              // A page in an empty system has nothing to click (no scenario yet): skip that shot.
              process.stdout.write(
                `skipped ${p.name}: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`,
              );
              continue;
            }
          }
          const file = path.join(values.out, `${p.name}-${width}-${theme}.png`);
          // A modal fills the viewport; a full-page shot would show the page behind it stretched.
          await page.screenshot({ path: file, fullPage: !p.open && !p.path.includes('new=1') });
          process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
