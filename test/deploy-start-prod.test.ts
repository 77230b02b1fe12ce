/**
 * The production launcher (`npm run start:prod`): which processes it starts with which
 * environment (pure), how it supervises them (real child processes), and how it refuses a
 * start that cannot work (the real script).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@tfbench/core/config';
import { describe, expect, it } from 'vitest';
import { LaunchError, localApiUrl, type ProcessSpec, planProcesses } from '../scripts/start-prod/plan.js';
import { supervise } from '../scripts/start-prod/supervise.js';
import { repoRoot, run } from './deploy-support.js';

const paths = { root: '/srv/tfbench', nextBin: '/srv/tfbench/node_modules/next/dist/bin/next' };
const scaled = {
  PATH: '/usr/bin',
  DATABASE_URL: 'postgres://tfbench:pw@db:5432/tfbench',
  REDIS_URL: 'redis://redis:6379',
  TINYFISH_API_KEY: 'sk-live-secret',
  TFBENCH_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com',
  TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: 'a long admin password',
  TFBENCH_BOOTSTRAP_API_KEY: `tfb_${'b'.repeat(40)}`,
  API_PORT: '8100',
  WEB_PORT: '3100',
};

function plan(
  env: Record<string, string>,
  request: Parameters<typeof planProcesses>[0] = { target: 'all', workers: undefined },
) {
  return planProcesses(request, loadConfig(env), env, paths);
}

function byName(specs: ProcessSpec[]) {
  return Object.fromEntries(specs.map((s) => [s.name, s]));
}

describe('planProcesses', () => {
  it('starts the api, N workers and the web from the build, with PostgreSQL and Redis', () => {
    const specs = plan(scaled, { target: 'all', workers: 2 });
    expect(specs.map((s) => s.name)).toEqual(['api', 'worker-1', 'worker-2', 'web']);
    const { api, web } = byName(specs);
    expect(api?.args).toEqual(['--enable-source-maps', '/srv/tfbench/dist/api/main.js']);
    expect(byName(specs)['worker-2']?.args).toEqual([
      '--enable-source-maps',
      '/srv/tfbench/dist/worker/main.js',
    ]);
    expect(web?.args).toEqual([
      paths.nextBin,
      'start',
      '/srv/tfbench/apps/web',
      '--port',
      '3100',
      '--hostname',
      '127.0.0.1',
    ]);
    expect(web?.env.WEB_HOST).toBe('127.0.0.1');
    for (const spec of specs) {
      expect(spec.command).toBe(process.execPath);
      expect(spec.env.NODE_ENV).toBe('production');
    }
  });

  it('gives each process only what it needs', () => {
    const { api, 'worker-1': worker, web } = byName(plan(scaled, { target: 'all', workers: 1 }));
    // The api queues runs and calls no TinyFish; it still reports the workers' mode truthfully.
    expect(api?.env.EMBEDDED_WORKER).toBe('false');
    expect(api?.env.TINYFISH_API_KEY).toBeUndefined();
    expect(api?.env.TINYFISH_MOCK_MODE).toBe('false');
    expect(api?.env.DATABASE_URL).toBe(scaled.DATABASE_URL);
    expect(worker?.env).toMatchObject({
      DATABASE_URL: scaled.DATABASE_URL,
      REDIS_URL: scaled.REDIS_URL,
      TINYFISH_API_KEY: scaled.TINYFISH_API_KEY,
    });
    expect(web?.env.API_URL).toBe('http://127.0.0.1:8100');
    for (const secret of [
      'DATABASE_URL',
      'REDIS_URL',
      'TINYFISH_API_KEY',
      'TFBENCH_BOOTSTRAP_ADMIN_PASSWORD',
      'TFBENCH_BOOTSTRAP_API_KEY',
    ])
      expect(web?.env[secret]).toBeUndefined();
    expect(api?.env.TFBENCH_BOOTSTRAP_API_KEY).toBe(scaled.TFBENCH_BOOTSTRAP_API_KEY);
    expect(web?.env.PATH).toBe('/usr/bin');
  });

  it('starts one worker by default with Redis, and none without', () => {
    expect(plan(scaled).map((s) => s.name)).toEqual(['api', 'worker-1', 'web']);
    const embedded = plan({ PATH: '/usr/bin', TINYFISH_API_KEY: 'k' });
    expect(embedded.map((s) => s.name)).toEqual(['api', 'web']);
    // Without Redis the api executes runs itself, so it keeps the key and its own defaults.
    expect(embedded[0]?.env.TINYFISH_API_KEY).toBe('k');
    expect(embedded[0]?.env.EMBEDDED_WORKER).toBeUndefined();
  });

  it('passes an explicit API_URL to the web', () => {
    const { web } = byName(plan({ ...scaled, API_URL: 'https://api.example.com' }));
    expect(web?.env.API_URL).toBe('https://api.example.com');
  });

  it('refuses separate workers without Redis or on the single-process PGlite', () => {
    expect(() => plan({ PATH: '/usr/bin' }, { target: 'all', workers: 2 })).toThrow(/need REDIS_URL/);
    expect(() => plan({ PATH: '/usr/bin' }, { target: 'worker', workers: undefined })).toThrow(LaunchError);
    expect(() => plan({ REDIS_URL: 'redis://r:6379' }, { target: 'all', workers: 1 })).toThrow(
      /need DATABASE_URL/,
    );
  });

  it('starts one role alone with the environment as given', () => {
    const [worker] = plan(scaled, { target: 'worker', workers: undefined });
    expect(worker?.env.TINYFISH_API_KEY).toBe(scaled.TINYFISH_API_KEY);
    const [web] = plan(scaled, { target: 'web', workers: undefined });
    expect(web?.env.DATABASE_URL).toBeUndefined();
    expect(web?.args.slice(-4)).toEqual(['--port', '3100', '--hostname', '127.0.0.1']);
  });

  it('reaches a wildcard-bound api on loopback', () => {
    expect(localApiUrl(loadConfig({ API_HOST: '0.0.0.0', API_PORT: '9000' }))).toBe('http://127.0.0.1:9000');
    expect(localApiUrl(loadConfig({ API_HOST: '10.1.2.3' }))).toBe('http://10.1.2.3:8000');
    expect(localApiUrl(loadConfig({ API_HOST: '::1' }))).toBe('http://[::1]:8000');
  });
});

/** A child that runs `code` in Node. */
function nodeProcess(name: string, code: string): ProcessSpec {
  return {
    name,
    role: 'worker',
    command: process.execPath,
    args: ['-e', code],
    env: { PATH: process.env.PATH ?? '' },
  };
}

/** A supervised unit that logs nowhere. */
function superviseQuietly(processes: ProcessSpec[], hardStopMs = 10_000): ReturnType<typeof supervise> {
  return supervise(processes, { hardStopMs, log: () => {} });
}

/** Gives the unit's processes time to start, then asks the unit to stop. */
async function stopOnceStarted(unit: ReturnType<typeof supervise>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  unit.stop('SIGTERM');
}

const WAITS_FOR_SIGTERM = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`;
const IGNORES_SIGTERM = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;

describe('supervise', () => {
  it('stops the others when one process exits, and reports its failure', async () => {
    const lines: string[] = [];
    const unit = supervise(
      [
        nodeProcess('steady', WAITS_FOR_SIGTERM),
        nodeProcess('crashing', 'setTimeout(() => process.exit(3), 300)'),
      ],
      { hardStopMs: 10_000, log: (l) => lines.push(l) },
    );
    expect(await unit.done).toBe(3);
    expect(lines.join('\n')).toMatch(/crashing \(pid \d+\) exited with code 3; stopping the others/);
    expect(lines.join('\n')).toContain('steady exited with code 0');
  });

  it('counts a process that ends by itself with code 0 as a failure of the unit', async () => {
    const unit = superviseQuietly([nodeProcess('steady', WAITS_FOR_SIGTERM), nodeProcess('quitter', '')]);
    expect(await unit.done).toBe(1);
  });

  it('stops everything on request and exits 0 when all stop cleanly', async () => {
    const unit = superviseQuietly([nodeProcess('a', WAITS_FOR_SIGTERM), nodeProcess('b', WAITS_FOR_SIGTERM)]);
    await stopOnceStarted(unit);
    expect(await unit.done).toBe(0);
  });

  it('counts the shell convention 128 + SIGTERM as a clean stop (next start exits 143)', async () => {
    const unit = superviseQuietly([
      nodeProcess(
        'next-like',
        `process.on('SIGTERM', () => process.exit(143)); setInterval(() => {}, 1000);`,
      ),
    ]);
    await stopOnceStarted(unit);
    expect(await unit.done).toBe(0);
  });

  it('kills a process that ignores SIGTERM once the hard stop passes', async () => {
    const started = Date.now();
    const unit = superviseQuietly([nodeProcess('stubborn', IGNORES_SIGTERM)], 500);
    await stopOnceStarted(unit);
    expect(await unit.done).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});

describe('the start-prod script', () => {
  const script = path.join(repoRoot, 'scripts/start-prod/main.ts');
  const launch = (args: string[], env: Record<string, string>) =>
    run(path.join(repoRoot, 'node_modules/.bin/tsx'), [script, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      // Away from the repository, so a developer's .env cannot change the outcome.
      cwd: tmpdir(),
      timeoutMs: 60_000,
    });

  it('refuses what it cannot start, before starting anything', async () => {
    const noRedis = await launch(['--workers', '2'], {});
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toContain('start-prod: separate workers need REDIS_URL');
    const badArgument = await launch(['everything'], {});
    expect(badArgument.code).toBe(1);
    expect(badArgument.stderr).toContain('unknown argument "everything"');
    const badConfig = await launch([], { API_PORT: 'eighty' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/invalid configuration\nAPI_PORT="eighty" is invalid/);
  }, 90_000);
});
