/**
 * `npm run bench:api`: what authentication and rate limiting cost per request. One API per
 * variant, all over one fresh PostgreSQL database and all listening on loopback in this
 * process, serve the same cheap authenticated read (`GET /api/v1/automations?limit=1`):
 *
 * - `auth off`: `TFBENCH_AUTH=off`, no rate limits (the baseline);
 * - `API key`: `Authorization: Bearer tfb_…`, no rate limits;
 * - `session`: the session cookie of a signed-in administrator, no rate limits;
 * - `key + limits`: the key, with the three rate-limit allowances counted in this process;
 * - `key + Redis limits`: the key, with the allowances counted in Redis (as with `REDIS_URL`).
 *
 * The allowances are set far above the load, so every request is counted and none refused.
 * The variants take turns, `--rounds` times `--seconds` each, so that a change in the machine's
 * load touches them all alike; each phase is a closed loop of `--connections` keep-alive
 * connections. Printed per variant: requests/s (median of its rounds), p50 and p99 latency
 * (over all its requests), and requests/s and p99 as ratios to `auth off`, each the median
 * over rounds of the ratio within one round (the machine's load drifts between rounds). The load generator shares the
 * process with the APIs, as it does in the other HTTP benches: the ratios are the result, the
 * absolute figures are this machine's.
 *
 * Flags: --seconds (5), --rounds (3), --connections (16), --postgres-url (maintenance database,
 * default postgres://postgres@127.0.0.1:5432/postgres), --redis-url (redis://127.0.0.1:6379),
 * --json FILE.
 */
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@tfbench/api';
import { loadConfig } from '@tfbench/core/config';
import { type DatabaseHandle, migrate, openDatabase } from '@tfbench/core/db';
import { closeRedis, openRedis, silentLogger } from '@tfbench/core/queue';
import { percentileOfSorted } from '@tfbench/domain/statistics';
import type { FastifyInstance } from 'fastify';
import { createBenchDatabase, deleteRedisKeys, pingRedis, uniqueRedisPrefix } from './lib/bench-services.js';
import { readBenchOptions } from './lib/cli-options.js';
import { flagText, int, readFlags } from './lib/flags.js';

const USAGE = `npm run bench:api -- [--seconds 5] [--rounds 3] [--connections 16]
  [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379] [--json FILE]
`;
const PATH = '/api/v1/automations?limit=1';
const KEY = 'tfb_benchApiAuthKey0000000000000000000000000';
const ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
/** Allowances no phase reaches, so that limits are counted but never refuse. */
const HIGH_LIMITS = {
  TFBENCH_RATE_LIMIT_PER_MIN: '1000000',
  TFBENCH_RATE_LIMIT_IP_PER_MIN: '1000000',
  TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN: '1000000',
};
const NO_LIMITS = {
  TFBENCH_RATE_LIMIT_PER_MIN: '0',
  TFBENCH_RATE_LIMIT_IP_PER_MIN: '0',
  TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN: '0',
};

/** One second of light load before a variant is measured. */
const WARM_UP = { seconds: 1, connections: 4 };

interface Options {
  help: boolean;
  seconds: number;
  rounds: number;
  connections: number;
  postgresUrl: string;
  redisUrl: string;
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const flags = readFlags(argv, ['seconds', 'rounds', 'connections', 'postgres-url', 'redis-url', 'json']);
  return {
    help: flags.has('help'),
    seconds: int(flagText(flags, 'seconds'), 'seconds', 1, 600) ?? 5,
    rounds: int(flagText(flags, 'rounds'), 'rounds', 1, 50) ?? 3,
    connections: int(flagText(flags, 'connections'), 'connections', 1, 512) ?? 16,
    postgresUrl: flagText(flags, 'postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: flagText(flags, 'redis-url') ?? 'redis://127.0.0.1:6379',
    json: flagText(flags, 'json'),
  };
}

interface Variant {
  name: string;
  env: Record<string, string>;
  redis: boolean;
  /** The headers that authenticate a request, found once the app is up. */
  credentials: (base: string) => Promise<Record<string, string>>;
}

const withKey = async () => ({ authorization: `Bearer ${KEY}` });

const VARIANTS: Variant[] = [
  {
    name: 'auth off',
    env: { TFBENCH_AUTH: 'off', ...NO_LIMITS },
    redis: false,
    credentials: async () => ({}),
  },
  { name: 'API key', env: NO_LIMITS, redis: false, credentials: withKey },
  { name: 'session', env: NO_LIMITS, redis: false, credentials: signIn },
  { name: 'key + limits', env: HIGH_LIMITS, redis: false, credentials: withKey },
  { name: 'key + Redis limits', env: HIGH_LIMITS, redis: true, credentials: withKey },
];

/** Signs the bootstrap administrator in and returns the session cookie. */
async function signIn(base: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie };
}

/** GET `url` on `agent`; resolves with the status once the body is read. */
function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

interface Phase {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  refused: number;
}

/** A closed loop of `connections` keep-alive connections for `seconds`. */
async function measurePhase(
  base: string,
  headers: Record<string, string>,
  options: { seconds: number; connections: number },
): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(PATH, base);
  const latenciesMs: number[] = [];
  let refused = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const status = await get(agent, url, headers);
      latenciesMs.push(performance.now() - sent);
      if (status !== 200) refused++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latenciesMs.length, seconds, latenciesMs, refused };
}

interface Started {
  variant: Variant;
  app: FastifyInstance;
  base: string;
  headers: Record<string, string>;
  phases: Phase[];
}

async function startVariant(
  variant: Variant,
  db: DatabaseHandle,
  redis: ReturnType<typeof openRedis>,
  prefix: string,
): Promise<Started> {
  const config = loadConfig({
    TINYFISH_MOCK_MODE: 'true',
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: prefix,
    TFBENCH_BOOTSTRAP_API_KEY: KEY,
    TFBENCH_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    ...variant.env,
  });
  const app = await buildApp({ config, db, logger: false, ...(variant.redis ? { redis } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = await variant.credentials(base);
  // Warm-up: the first requests compile the route's code paths.
  await measurePhase(base, headers, WARM_UP);
  return { variant, app, base, headers, phases: [] };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};
const rateOf = (phase: Phase) => phase.requests / phase.seconds;
const p99Of = (phase: Phase) =>
  percentileOfSorted(
    [...phase.latenciesMs].sort((x, y) => x - y),
    0.99,
  ) ?? 0;

/**
 * A variant's figures, and its ratios to `baseline` taken round by round (each round's phases
 * ran back to back, under the same load of the machine) and then the median of those.
 */
function summarize(started: Started, baseline: Started) {
  const all = started.phases.flatMap((phase) => phase.latenciesMs).sort((a, b) => a - b);
  const paired = (figure: (phase: Phase) => number) =>
    median(started.phases.map((phase, round) => figure(phase) / figure(baseline.phases[round] as Phase)));
  return {
    variant: started.variant.name,
    requests_per_s: median(started.phases.map(rateOf)),
    p50_ms: percentileOfSorted(all, 0.5) ?? 0,
    p99_ms: percentileOfSorted(all, 0.99) ?? 0,
    requests_per_s_vs_off: paired(rateOf),
    p99_vs_off: paired(p99Of),
    requests: all.length,
    refused: started.phases.reduce((sum, phase) => sum + phase.refused, 0),
  };
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), parseArgs, USAGE);
  if (!options) return;
  await pingRedis(options.redisUrl);
  const database = await createBenchDatabase(options.postgresUrl);
  const prefix = uniqueRedisPrefix();
  const redis = openRedis({
    url: options.redisUrl,
    role: 'command',
    name: 'bench-api',
    logger: silentLogger,
  });
  const running: Started[] = [];
  try {
    const db = await openDatabase({ kind: 'postgres', url: database.url });
    try {
      await migrate(db);
      for (const variant of VARIANTS) running.push(await startVariant(variant, db, redis, prefix));
      for (let round = 1; round <= options.rounds; round++) {
        for (const started of running) {
          const phase = await measurePhase(started.base, started.headers, options);
          started.phases.push(phase);
          process.stderr.write(
            `round ${round} ${started.variant.name}: ${Math.round(phase.requests / phase.seconds)} req/s\n`,
          );
        }
      }
      const rows = running.map((started) => summarize(started, running[0] as Started));
      report(rows, options);
      if (options.json) await writeFile(options.json, `${JSON.stringify(rows, null, 2)}\n`);
    } finally {
      for (const started of running) await started.app.close();
      await db.close();
    }
  } finally {
    await closeRedis(redis);
    await deleteRedisKeys(options.redisUrl, prefix);
    await database.drop();
  }
}

function report(rows: ReturnType<typeof summarize>[], options: Options): void {
  const lines = [
    `GET ${PATH}, ${options.connections} connections, ${options.rounds} rounds of ${options.seconds} s per variant`,
    `${'variant'.padEnd(20)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'req/s vs off'.padStart(14)}${'p99 vs off'.padStart(12)}`,
  ];
  for (const row of rows) {
    lines.push(
      `${row.variant.padEnd(20)}${row.requests_per_s.toFixed(0).padStart(9)}${row.p50_ms.toFixed(2).padStart(9)}${row.p99_ms.toFixed(2).padStart(9)}${row.requests_per_s_vs_off.toFixed(2).padStart(14)}${row.p99_vs_off.toFixed(2).padStart(12)}${row.refused > 0 ? `  (${row.refused} not 200!)` : ''}`,
    );
  }
  lines.push('Ratios: the median over rounds of the variant against auth off in the same round.');
  process.stdout.write(`${lines.join('\n')}\n`);
}
await main();
