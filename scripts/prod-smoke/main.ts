/**
 * `npm run smoke:prod`: the production start, end to end, on PostgreSQL + Redis.
 *
 *  1. builds (npm run build, npm run build:web) unless --skip-build;
 *  2. creates a database of its own and picks a Redis key prefix of its own;
 *  3. starts the mock TinyFish from dist/ as the "live" TinyFish (with an API key it checks),
 *     and the launcher `node dist/start-prod/main.js --workers 2`: the api, two workers and
 *     the web, each a separate process running compiled JavaScript;
 *  4. seeds the example data with dist/seed, checks /health and the web's /api proxy;
 *  5. runs a benchmark through the api (POST /api/v1/benchmarks) and waits until it completes:
 *     every run completed, and both workers took runs (runs.worker_id);
 *  6. stops the launcher with SIGTERM (it must exit 0) and the mock, drops the database,
 *     deletes its Redis keys.
 *
 * PostgreSQL: SMOKE_DATABASE_ADMIN_URL or TEST_DATABASE_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres. Redis: SMOKE_REDIS_URL, default
 * redis://127.0.0.1:6379. Flags: --skip-build, --verbose (echo every process's output).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type Child, startChild, stopChild } from './child.js';
import { freePort, http, waitFor } from './wait.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ITERATIONS = 12;
/** Above one worker's WORKER_CONCURRENCY, so the benchmark needs both workers at once. */
const CONCURRENCY = 4;
const WORKER_CONCURRENCY = 2;
/** A web-agent scenario (url and goal), as live TinyFish requires; streamed over SSE. */
const SCENARIO = 'Top 5 stories';
/** Fast, always-successful runs: the smoke test checks the wiring, not TinyFish's latency. */
const MOCK_MODEL = {
  started_delay_ms: 100,
  streaming_url_delay_ms: 50,
  steps: { min: 2, max: 4 },
  step_delay_ms: { dist: 'uniform', min: 100, max: 300 },
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
  fault: 'none',
};

interface BenchmarkView {
  id: number;
  status: string;
  progress: { total: number; done: number };
}
interface RunView {
  id: number;
  status: string;
  worker_id: string | null;
  total_duration_ms: number | null;
  ttft_ms: number | null;
  error: string | null;
  error_code: string | null;
}

const flags = new Set(process.argv.slice(2));
const env = process.env;
const adminUrl =
  env.SMOKE_DATABASE_ADMIN_URL ||
  env.TEST_DATABASE_ADMIN_URL ||
  'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = env.SMOKE_REDIS_URL || 'redis://127.0.0.1:6379';
const started = performance.now();
const timings: [string, number][] = [];
const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function step<T>(title: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  process.stderr.write(`smoke: ${title} ...\n`);
  const result = await fn();
  const seconds = (performance.now() - t) / 1000;
  timings.push([title, seconds]);
  process.stderr.write(`smoke: ${title}: done in ${seconds.toFixed(1)} s\n`);
  return result;
}

async function main(): Promise<void> {
  if (!flags.has('--skip-build')) {
    await step('build the server bundles (npm run build)', () => runToEnd('npm', ['run', 'build']));
    await step('build the dashboard (npm run build:web)', () => runToEnd('npm', ['run', 'build:web']));
  }
  const databaseUrl = await step('create a PostgreSQL database', createDatabase);
  const prefix = await step('reserve a Redis key prefix', reserveRedisPrefix);
  const [apiPort, webPort, mockPort] = [await freePort(), await freePort(), await freePort()];
  const apiKey = `smoke-${randomBytes(8).toString('hex')}`;
  // The API is created with this admin key (TFBENCH_BOOTSTRAP_API_KEY) and every call sends it.
  const adminKey = `tfb_${randomBytes(20).toString('hex')}`;
  const auth = { authorization: `Bearer ${adminKey}` };
  const workdir = mkdtempSync(path.join(tmpdir(), 'tfbench-smoke-'));
  cleanups.push(async () => rmSync(workdir, { recursive: true, force: true }));
  const base = { PATH: env.PATH ?? '', HOME: env.HOME ?? '', NODE_ENV: 'production' };

  await step('start the mock TinyFish (dist/mock-tinyfish)', async () => {
    const mock = spawnNode('mock', [bundle('mock-tinyfish')], workdir, {
      ...base,
      MOCK_TINYFISH_PORT: String(mockPort),
      MOCK_TINYFISH_SEED: '7',
      MOCK_TINYFISH_API_KEY: apiKey,
      MOCK_TINYFISH_MODEL: JSON.stringify(MOCK_MODEL),
    });
    await mock.waitForLine(/mock-tinyfish listening on/, 30_000);
  });

  const launcher = await step(
    'start api, 2 workers and web (node dist/start-prod/main.js --workers 2)',
    async () => {
      const child = spawnNode('start-prod', [bundle('start-prod'), '--workers', '2'], workdir, {
        ...base,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        API_HOST: '127.0.0.1',
        API_PORT: String(apiPort),
        WEB_PORT: String(webPort),
        TINYFISH_MOCK_MODE: 'false',
        TINYFISH_BASE_URL: `http://127.0.0.1:${mockPort}`,
        TINYFISH_API_KEY: apiKey,
        WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
        TFBENCH_BOOTSTRAP_API_KEY: adminKey,
        LOG_LEVEL: 'warn',
      });
      const health = await waitFor(
        'the api /health',
        async () => {
          const body = await http<{ status: string; database: { kind: string }; mode: string }>(
            'GET',
            `http://127.0.0.1:${apiPort}/health`,
            undefined,
            auth,
          );
          return body.status === 'ok' ? body : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(health.database.kind === 'postgres', `the api runs on PostgreSQL (${health.database.kind})`);
      expect(health.mode === 'live', `the api reports live mode against the mock (${health.mode})`);
      await waitFor(
        'the web on /',
        async () => ((await fetch(`http://127.0.0.1:${webPort}/`)).ok ? true : undefined),
        {
          timeoutMs: 60_000,
        },
      );
      return child;
    },
  );
  const pids = workerPids(launcher.output());
  expect(pids.length === 2, `the launcher started two workers (${pids.join(', ')})`);

  const scenarioId = await step('seed the example data (node dist/seed/main.js)', async () => {
    const seed = spawnNode('seed', [bundle('seed')], workdir, { ...base, DATABASE_URL: databaseUrl });
    const { code } = await seed.exited;
    expect(code === 0, `the seed exits 0 (${code})`);
    // Read back through the dashboard's proxy: the web reaches the api.
    const scenarios = await http<{ id: number; name: string }[]>(
      'GET',
      `http://127.0.0.1:${webPort}/api/v1/scenarios`,
      undefined,
      auth,
    );
    const scenario = scenarios.find((s) => s.name === SCENARIO);
    expect(
      scenario !== undefined,
      `the seeded scenario "${SCENARIO}" is listed through the web's /api proxy`,
    );
    return scenario!.id;
  });

  const runs = await step(`run a benchmark: ${ITERATIONS} runs at concurrency ${CONCURRENCY}`, async () => {
    const api = `http://127.0.0.1:${apiPort}/api/v1`;
    const created = await http<BenchmarkView>(
      'POST',
      `${api}/benchmarks`,
      { scenario_id: scenarioId, name: 'production smoke', iterations: ITERATIONS, concurrency: CONCURRENCY },
      auth,
    );
    const finished = await waitFor(
      `benchmark ${created.id} to finish`,
      async () => {
        const b = await http<BenchmarkView>('GET', `${api}/benchmarks/${created.id}`, undefined, auth);
        return ['completed', 'failed', 'cancelled'].includes(b.status) ? b : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(finished.status === 'completed', `the benchmark completed (${finished.status})`);
    return http<RunView[]>('GET', `${api}/runs?benchmark_id=${created.id}&limit=1000`, undefined, auth);
  });

  expect(runs.length === ITERATIONS, `the benchmark has ${ITERATIONS} runs (${runs.length})`);
  const notCompleted = runs.filter((r) => r.status !== 'completed' || r.total_duration_ms === null);
  const described = notCompleted.map((r) =>
    `run ${r.id} ${r.status} ${r.error_code ?? ''} ${r.error ?? ''}`.trim(),
  );
  expect(
    notCompleted.length === 0,
    `every run completed with a duration (${described.join('; ') || 'all did'})`,
  );
  expect(
    runs.every((r) => r.ttft_ms !== null),
    'every run has a time to first step (the SSE stream was measured)',
  );
  const byWorker = new Map<string, number>();
  for (const run of runs)
    byWorker.set(run.worker_id ?? 'none', (byWorker.get(run.worker_id ?? 'none') ?? 0) + 1);
  const workerPidsSeen = new Set([...byWorker.keys()].map((id) => Number(id.split(':').at(-2))));
  expect(
    byWorker.size === 2 && pids.every((pid) => workerPidsSeen.has(pid)),
    `both worker processes took runs: ${JSON.stringify(Object.fromEntries(byWorker))}, worker pids ${pids.join(', ')}`,
  );

  await step('stop everything (SIGTERM to the launcher)', async () => {
    const { code, signal } = await stopChild(launcher, 45_000);
    expect(code === 0, `the launcher exits 0 after SIGTERM (${signal ?? code})`);
  });

  const total = (performance.now() - started) / 1000;
  process.stderr.write(
    [
      '',
      `smoke: PASSED in ${total.toFixed(1)} s`,
      ...timings.map(([title, s]) => `  ${s.toFixed(1).padStart(6)} s  ${title}`),
      `  runs per worker: ${[...byWorker.values()].join(' + ')}; total_duration_ms p50 ${median(runs.map((r) => r.total_duration_ms ?? 0))}`,
      '',
    ].join('\n'),
  );
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`expected: ${what}`);
  process.stderr.write(`smoke:   ok - ${what}\n`);
}

function bundle(name: string): string {
  return path.join(ROOT, 'dist', name, 'main.js');
}

function spawnNode(name: string, args: string[], cwd: string, childEnv: Record<string, string>): Child {
  const child = startChild(name, process.execPath, ['--enable-source-maps', ...args], {
    env: childEnv,
    cwd,
    echo: flags.has('--verbose'),
  });
  children.push(child);
  return child;
}

/** Run a command in the repository to completion; its output is shown only when it fails. */
async function runToEnd(command: string, args: string[]): Promise<void> {
  const child = startChild(`${command} ${args.join(' ')}`, command, args, {
    env: env as Record<string, string>,
    cwd: ROOT,
    echo: flags.has('--verbose'),
  });
  const { code } = await child.exited;
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${child.output().slice(-5000)}`);
}

/** The pids the launcher logged for worker-1 and worker-2. */
function workerPids(launcherOutput: string): number[] {
  return [...launcherOutput.matchAll(/started worker-\d+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

async function createDatabase(): Promise<string> {
  const name = `tfbench_smoke_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  cleanups.push(() => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

async function reserveRedisPrefix(): Promise<string> {
  const prefix = `tfbench-smoke-${randomBytes(6).toString('hex')}`;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.ping();
  await redis.quit();
  cleanups.push(async () => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await client.quit();
    }
  });
  return prefix;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

async function cleanUp(): Promise<void> {
  for (const child of children.reverse()) await stopChild(child, 10_000);
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(
        `smoke: cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
}

try {
  await main();
  await cleanUp();
} catch (error) {
  process.stderr.write(`\nsmoke: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  for (const child of children) {
    process.stderr.write(`\n----- last output of ${child.name} -----\n${child.output().slice(-6000)}\n`);
  }
  await cleanUp();
  process.exitCode = 1;
}
