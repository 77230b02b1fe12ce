/**
 * `npm run start:prod [-- --workers N]`: start tfbench from the production build (dist/ and
 * the Next.js build; `npm run build && npm run build:web` first) as separate processes — the
 * api, the workers and the web — and stop them together. `npm run start:prod:api`, `:worker`
 * and `:web` start one role, for platforms that run each as its own service.
 *
 *   node dist/start-prod/main.js [all|api|worker|web] [--workers N]
 *
 * The environment (and a .env file in the working directory, if there is one; variables
 * already set win) is validated once here, then each process gets what it needs: see
 * plan.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, loadConfig } from '@tfbench/core/config';
import { LaunchError, type LaunchRequest, MAX_WORKERS, planProcesses, type Role } from './plan.js';
import { supervise } from './supervise.js';

/** The worker exits within 30 s of SIGTERM; the rest is margin. */
const HARD_STOP_MS = 40_000;

const log = (line: string) => process.stderr.write(`start-prod: ${line}\n`);

function main(): void {
  const request = parseArgs(process.argv.slice(2));
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const root = repositoryRoot(import.meta.dirname);
  const nextBin = createRequire(path.join(root, 'package.json')).resolve('next/dist/bin/next');
  const specs = planProcesses(request, config, process.env, { root, nextBin });
  requireBuilt(root, new Set(specs.map((s) => s.role)));

  const unit = supervise(specs, { hardStopMs: HARD_STOP_MS, log });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping ${specs.map((s) => s.name).join(', ')}`);
      unit.stop('SIGTERM');
    });
  }
  unit.done.then((code) => {
    log(`all processes stopped (exit ${code})`);
    process.exit(code);
  });
}

function parseArgs(argv: string[]): LaunchRequest {
  const request: LaunchRequest = { target: 'all', workers: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (['all', 'api', 'worker', 'web'].includes(arg)) {
      request.target = arg as LaunchRequest['target'];
    } else if (arg === '--workers' || arg.startsWith('--workers=')) {
      const raw = arg.includes('=') ? arg.slice('--workers='.length) : argv[++i];
      const n = Number(raw);
      if (!raw || !Number.isInteger(n) || n < 0 || n > MAX_WORKERS) {
        throw new LaunchError(`--workers must be a whole number from 0 to ${MAX_WORKERS}`);
      }
      request.workers = n;
    } else {
      throw new LaunchError(
        `unknown argument ${JSON.stringify(arg)}; usage: [all|api|worker|web] [--workers N]`,
      );
    }
  }
  if (request.workers !== undefined && request.target !== 'all') {
    throw new LaunchError('--workers applies to the whole set (target all) only');
  }
  return request;
}

/** The folder of the root package.json (the one with workspaces), above dist/start-prod/ or scripts/. */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in JSON.parse(readFileSync(manifest, 'utf8'))) return dir;
    if (path.dirname(dir) === dir) throw new LaunchError(`no workspace root above ${from}`);
  }
}

/** Fail before starting anything when the build a role needs is missing. */
function requireBuilt(root: string, roles: ReadonlySet<Role>): void {
  const missing: string[] = [];
  for (const role of ['api', 'worker'] as const) {
    if (roles.has(role) && !existsSync(path.join(root, 'dist', role, 'main.js')))
      missing.push(`dist/${role}/main.js`);
  }
  if (roles.has('web') && !existsSync(path.join(root, 'apps', 'web', '.next', 'BUILD_ID'))) {
    missing.push('apps/web/.next (the Next.js build)');
  }
  if (missing.length > 0) {
    throw new LaunchError(`not built: ${missing.join(', ')}. Run npm run build && npm run build:web first.`);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`start-prod: invalid configuration\n${error.message}\n`);
  } else {
    log(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
}
