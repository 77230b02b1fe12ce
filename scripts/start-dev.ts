/**
 * `npm start`: the whole system on one machine from the sources — the API (with its embedded
 * worker, scheduler and, in mock mode, the mock TinyFish server) and the dashboard — as one unit
 * that stops together on Ctrl-C. The dashboard is a production build (`next build`, cached
 * under apps/web/.build and rebuilt only when its sources or the lockfile change, then `next
 * start`): development mode compiles each page on its first visit and answers seconds later.
 *
 * `npm run dev` (`--dev`) serves the dashboard with `next dev` instead, for working on it.
 * `npm run start:api` starts the API alone. Production uses `npm run start:prod` instead.
 */
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '@tfbench/core/config';
import { ensureProductionBuild, NEXT_CLI, WEB_ROOT } from '@tfbench/testbed/production-build';
import { localApiUrl, type ProcessSpec } from './start-prod/plan.js';
import { supervise } from './start-prod/supervise.js';

/** The API drains its runs within 30 s of SIGTERM; the rest is margin. */
const HARD_STOP_MS = 40_000;

const log = (line: string) => process.stderr.write(`start: ${line}\n`);

/** Where `npm start` keeps its build of the dashboard (git-ignored). */
const START_BUILD_ROOT = path.join(WEB_ROOT, '.build');

/** `next start` of the production build in `appDir`, or `next dev` of the sources when null. */
function plan(config: Config, root: string, appDir: string | null): ProcessSpec[] {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const webEnv: Record<string, string> = {
    ...env,
    API_URL: env.API_URL || localApiUrl(config),
    // The proxy tells the API whether the dashboard can be reached from other machines.
    WEB_HOST: config.web.host,
    // Nothing leaves this machine: no telemetry calls from the dashboard's server.
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // The dashboard needs only the API's address; keep secrets and storage URLs out of it.
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'TINYFISH_API_KEY', 'TFBENCH_SECRET_KEY'])
    delete webEnv[key];
  return [
    {
      name: 'api',
      role: 'api',
      command: process.execPath,
      // tsx by absolute URL: resolved from the working directory, a bare 'tsx' fails when
      // npm start runs elsewhere (e.g. in a data folder of its own).
      args: ['--import', import.meta.resolve('tsx'), path.join(root, 'apps/api/src/main.ts')],
      env,
    },
    {
      name: 'web',
      role: 'web',
      command: process.execPath,
      // WEB_HOST (loopback by default): the dashboard is for this machine unless said otherwise.
      args:
        appDir === null
          ? [NEXT_CLI, 'dev', WEB_ROOT, '--port', String(config.web.port), '--hostname', config.web.host]
          : [NEXT_CLI, 'start', appDir, '--port', String(config.web.port), '--hostname', config.web.host],
      env: appDir === null ? webEnv : { ...webEnv, NODE_ENV: 'production' },
    },
  ];
}

/** The production build's folder, built now if the sources changed since the last one. */
async function productionBuild(): Promise<string> {
  const build = await ensureProductionBuild({
    buildRoot: START_BUILD_ROOT,
    onBuildStart: () =>
      log('building the dashboard (first start, or its sources changed; a minute or two, once)'),
    onOutput: (line) => process.stderr.write(`start: [web build] ${line}\n`),
  });
  if (build.built) log(`dashboard built in ${(build.ms / 1000).toFixed(0)} s`);
  return build.appDir;
}

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const root = path.resolve(import.meta.dirname, '..');
  let appDir: string | null = null;
  if (!dev) {
    try {
      appDir = await productionBuild();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
  const specs = plan(config, root, appDir);
  log(
    `dashboard on http://localhost:${config.web.port} (${dev ? 'development mode' : 'production build'}; API ${localApiUrl(config)}); Ctrl-C stops both`,
  );
  const unit = supervise(specs, { hardStopMs: HARD_STOP_MS, log });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => unit.stop('SIGTERM'));
  }
  unit.done.then((code) => process.exit(code));
}

void main();
