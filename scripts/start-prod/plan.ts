/**
 * Which processes a production start runs, and the environment of each. Pure: the launcher
 * hands in the parsed config and the parent environment and gets back commands to spawn.
 *
 * Topology of `start:prod` (target `all`):
 * - with REDIS_URL (and PostgreSQL): the api, N workers and the web, each its own process;
 *   the api only queues runs (EMBEDDED_WORKER=false) and holds no TinyFish key;
 * - without REDIS_URL: the api executes runs itself (the embedded default) and the web; a
 *   separate worker could never see the api's in-process queue.
 * The web never receives the database URL, the Redis URL or the TinyFish key.
 */
import path from 'node:path';
import type { Config } from '@tfbench/core/config';

export type Role = 'api' | 'worker' | 'web';
export type Target = 'all' | Role;

export interface LaunchRequest {
  target: Target;
  /** Worker processes of target `all`; undefined: 1 with Redis, 0 without. */
  workers: number | undefined;
}

export interface ProcessSpec {
  /** api, worker-1, worker-2, web: the name the launcher logs. */
  name: string;
  role: Role;
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface BuildPaths {
  /** Repository root: dist/ and apps/web/ are found under it. */
  root: string;
  /** node_modules/next/dist/bin/next */
  nextBin: string;
}

/** A start that cannot work as asked; the message says what to change. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
}

/** Variables the dashboard must never see: it needs nothing but the API's address. */
const WEB_WITHHELD = [
  'DATABASE_URL',
  'REDIS_URL',
  'TINYFISH_API_KEY',
  'MOCK_TINYFISH_API_KEY',
  'TEST_DATABASE_ADMIN_URL',
  // Account secrets: the dashboard passes each browser's own session through, never acts itself.
  'TFBENCH_BOOTSTRAP_ADMIN_PASSWORD',
  'TFBENCH_BOOTSTRAP_API_KEY',
  'METRICS_TOKEN',
  // The key of automations' credentials at rest: only the api and the workers open them.
  'TFBENCH_SECRET_KEY',
  'TFBENCH_WEBHOOK_SECRET',
];

export const MAX_WORKERS = 64;

export function planProcesses(
  request: LaunchRequest,
  config: Config,
  parentEnv: Readonly<Record<string, string | undefined>>,
  paths: BuildPaths,
): ProcessSpec[] {
  const base = { ...definedOnly(parentEnv), NODE_ENV: parentEnv.NODE_ENV || 'production' };
  const node = process.execPath;
  const bundle = (name: string) => ['--enable-source-maps', path.join(paths.root, 'dist', name, 'main.js')];
  const web = (env: Record<string, string>): ProcessSpec => ({
    name: 'web',
    role: 'web',
    command: node,
    args: [
      paths.nextBin,
      'start',
      path.join(paths.root, 'apps', 'web'),
      '--port',
      String(config.web.port),
      '--hostname',
      config.web.host,
    ],
    env: { ...withhold(env, WEB_WITHHELD), WEB_HOST: config.web.host },
  });

  if (request.target === 'api')
    return [{ name: 'api', role: 'api', command: node, args: bundle('api'), env: base }];
  if (request.target === 'worker') {
    requireSeparateWorkersPossible(config);
    return [{ name: 'worker', role: 'worker', command: node, args: bundle('worker'), env: base }];
  }
  if (request.target === 'web') return [web(base)];

  const workers = request.workers ?? (config.redisUrl ? 1 : 0);
  if (workers > 0) requireSeparateWorkersPossible(config);
  const webEnv = { ...base, API_URL: parentEnv.API_URL || localApiUrl(config) };
  if (workers === 0) {
    // Embedded: the api runs the engine too (its default without Redis).
    return [{ name: 'api', role: 'api', command: node, args: bundle('api'), env: base }, web(webEnv)];
  }
  const apiEnv = {
    ...withhold(base, ['TINYFISH_API_KEY']),
    EMBEDDED_WORKER: 'false',
    // Without the key the api would fall back to "mock mode" in /health; keep it truthful.
    TINYFISH_MOCK_MODE: String(config.tinyfish.mockMode),
  };
  const specs: ProcessSpec[] = [
    { name: 'api', role: 'api', command: node, args: bundle('api'), env: apiEnv },
  ];
  for (let i = 1; i <= workers; i++) {
    specs.push({ name: `worker-${i}`, role: 'worker', command: node, args: bundle('worker'), env: base });
  }
  specs.push(web(webEnv));
  return specs;
}

function requireSeparateWorkersPossible(config: Config): void {
  if (!config.redisUrl) {
    throw new LaunchError(
      'separate workers need REDIS_URL: without Redis the queue lives inside the api process. ' +
        'Set REDIS_URL, or start with --workers 0 (the api executes runs itself).',
    );
  }
  if (config.database.kind === 'pglite') {
    throw new LaunchError(
      'separate workers need DATABASE_URL (PostgreSQL): the embedded PGlite database serves one process. ' +
        'Set DATABASE_URL, or unset REDIS_URL to run everything in the api process.',
    );
  }
}

/** The api as seen from this machine: a wildcard bind address is reached on loopback. */
export function localApiUrl(config: Config): string {
  const { host, port } = config.api;
  const reachable = ['0.0.0.0', '::', 'localhost'].includes(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function withhold(env: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out = { ...env };
  for (const key of keys) delete out[key];
  return out;
}
