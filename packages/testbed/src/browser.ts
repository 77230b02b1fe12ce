/**
 * Headless Chromium for the e2e suite and the LCP benchmark: Debian's /usr/bin/chromium driven by
 * playwright-core, with a fresh profile folder per launch that is deleted on close.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.js';

/** Flags for a quiet, sandbox-free headless Chromium that talks to nothing but our servers. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why Chromium cannot be used, or null when it can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface OpenBrowserOptions {
  width?: number;
  height?: number;
  theme?: 'dark' | 'light';
}

/**
 * Launches Chromium with a new, empty profile (`--user-data-dir` in a temporary folder).
 *
 * @example
 * const browser = await openBrowser();
 * const page = await browser.context.newPage();
 */
export async function openBrowser(options: OpenBrowserOptions = {}): Promise<BrowserSession> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'tfbench-chromium-'));
  try {
    const theme = options.theme ?? 'dark';
    // launchPersistentContext passes the folder to Chromium as --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      deviceScaleFactor: 1,
      colorScheme: theme,
    });
    // The dashboard reads the theme from localStorage before its first paint.
    // Written as a string so this module type-checks without the DOM library (the benchmark uses it).
    // Only on the dashboard's own pages: a new tab starts as about:blank, whose localStorage
    // throws (an uncaught error the suite would report against the page).
    await context.addInitScript({
      content: `if (location.protocol.startsWith('http') && localStorage.getItem('tfbench-theme') === null) localStorage.setItem('tfbench-theme', ${JSON.stringify(theme)});`,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
