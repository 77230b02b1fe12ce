/**
 * `npm start`: the whole system on one machine from the sources — the API (with its embedded
 * worker, scheduler and, in mock mode, the mock TinyFish server) and the dashboard in
 * development mode — as one unit that stops together on Ctrl-C.
 *
 * `npm run start:api` starts the API alone. Production uses `npm run start:prod` instead.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '@tfbench/core/config';
import { localApiUrl, type ProcessSpec } from './start-prod/plan.js';
import { supervise } from './start-prod/supervise.js';

/** The API drains its runs within 30 s of SIGTERM; the rest is margin. */
const HARD_STOP_MS = 40_000;

const log = (line: string) => process.stderr.write(`start: ${line}\n`);

function plan(config: Config, root: string): ProcessSpec[] {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const nextBin = createRequire(path.join(root, 'package.json')).resolve('next/dist/bin/next');
  const webEnv: Record<string, string> = {
    ...env,
    API_URL: env.API_URL || localApiUrl(config),
    // Nothing leaves this machine: no telemetry calls from the dashboard's dev server.
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // The dashboard needs only the API's address; keep secrets and storage URLs out of it.
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'TINYFISH_API_KEY']) delete webEnv[key];
  return [
    {
      name: 'api',
      role: 'api',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(root, 'apps/api/src/main.ts')],
      env,
    },
    {
      name: 'web',
      role: 'web',
      command: process.execPath,
      args: [nextBin, 'dev', path.join(root, 'apps/web'), '--port', String(config.web.port)],
      env: webEnv,
    },
  ];
}

function main(): void {
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
  const specs = plan(config, root);
  log(`dashboard on http://localhost:${config.web.port} (API ${localApiUrl(config)}); Ctrl-C stops both`);
  const unit = supervise(specs, { hardStopMs: HARD_STOP_MS, log });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => unit.stop('SIGTERM'));
  }
  unit.done.then((code) => process.exit(code));
}

main();
