/**
 * A fresh tfbench system for one e2e suite: the API (`apps/api/src/main.ts` through tsx, on
 * embedded PGlite in a temporary folder, in mock mode, so its in-process worker runs against
 * the in-process mock TinyFish) and the dashboard's production server pointing at it, both on
 * free loopback ports. `close()` stops both and deletes the data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bootstrapEnv } from './credentials.js';
import { API_MAIN, NEXT_CLI, TSX_LOADER } from './paths.js';
import { freePort, type ManagedProcess, startProcess, waitForHttp } from './processes.js';
import { ensureWebBuild } from './web-build.js';

export interface System {
  /** The API's base URL, e.g. http://127.0.0.1:41234 (tests seed data through it). */
  apiUrl: string;
  /** The dashboard's base URL; the browser talks only to this. */
  webUrl: string;
  /** The system's data folder (the API's PGlite lives in {@link pgliteFolder} of it). */
  dataDir: string;
  /** How long each part took to come up, ms. */
  timings: { build: number; builtNow: boolean; api: number; web: number };
  /** The API's and the web server's output, for a failing test's message. */
  logs(): string;
  close(): Promise<void>;
}

/** The API's PGlite folder inside a system's data folder (seed it there before starting). */
export function pgliteFolder(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export interface StartSystemOptions {
  /** Reuse this data folder (e.g. one seeded beforehand) instead of a fresh temporary one. */
  dataDir?: string;
  /** Extra API environment, e.g. a log level. */
  apiEnv?: Record<string, string>;
  /**
   * Start with the administrator and API key of TEST_CREDENTIALS (default true). Without, the
   * system has no account: its first visitor is asked to create the administrator.
   */
  bootstrap?: boolean;
}

/**
 * Starts the API and the dashboard. Builds the dashboard first when its sources changed.
 *
 * @example
 * const system = await startSystem();
 * try { await page.goto(system.webUrl); } finally { await system.close(); }
 */
export async function startSystem(options: StartSystemOptions = {}): Promise<System> {
  const build = await ensureWebBuild();
  const ownsData = options.dataDir === undefined;
  const root = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'tfbench-e2e-')));
  const processes: ManagedProcess[] = [];
  const close = async () => {
    for (const p of processes.reverse()) await p.stop();
    if (ownsData) await rm(root, { recursive: true, force: true });
  };
  try {
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;

    let t = Date.now();
    // cwd is the data folder: the API reads a `.env` from its working directory, and a
    // developer's .env must not leak into the fresh system.
    const api = startProcess('api', ['--import', TSX_LOADER, API_MAIN], {
      cwd: root,
      env: {
        API_HOST: '127.0.0.1',
        API_PORT: String(apiPort),
        WEB_PORT: String(webPort),
        TFBENCH_DATA_DIR: pgliteFolder(root),
        TINYFISH_MOCK_MODE: 'true',
        LOG_LEVEL: 'warn',
        ...(options.bootstrap === false ? {} : bootstrapEnv()),
        ...options.apiEnv,
      },
    });
    processes.push(api);
    await waitForHttp(`${apiUrl}/health`, api, 90_000);
    const apiMs = Date.now() - t;

    t = Date.now();
    const web = startProcess('next start', [NEXT_CLI, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
      cwd: build.appDir,
      env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', API_URL: apiUrl, WEB_HOST: '127.0.0.1' },
    });
    processes.push(web);
    // Through the proxy: the page server and the /api route both answer (auth status is the
    // one API read that needs no credential).
    await waitForHttp(`${webUrl}/api/v1/auth/status`, web, 60_000);
    const webMs = Date.now() - t;

    return {
      apiUrl,
      webUrl,
      dataDir: root,
      timings: { build: build.ms, builtNow: build.built, api: apiMs, web: webMs },
      logs: () => processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
