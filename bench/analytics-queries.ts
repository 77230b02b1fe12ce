/**
 * `npm run bench:analytics`: latency of the analytics endpoints through HTTP, on PostgreSQL
 * with 1,000,000 runs and on the embedded PGlite with 100,000 runs (the targets:
 * PostgreSQL KPIs and a 30-day time series median <= 100 ms and p95 <= 200 ms, exact
 * percentiles of one scenario over 24 h <= 20 ms; PGlite KPIs <= 1 s).
 *
 * Each database is seeded with scripts/seed-bulk (20 scenarios over 30 days, rollups built),
 * the API is built over it and listens on loopback, and every query is sent one at a time
 * over a keep-alive connection: `--warmup` times unmeasured, then `--iterations` times
 * measured from the first byte written to the last byte read. On PostgreSQL it then exports
 * every run as CSV through HTTP, sampling the retained heap (after forced collections) and
 * the resident set as the document streams.
 *
 * Flags: --postgres-runs (1000000; 0 skips PostgreSQL), --pglite-runs (100000; 0 skips),
 * --iterations (40), --warmup (5), --postgres-url URL (use this already seeded database as it
 * is, instead of creating, seeding and dropping one), --json FILE (write the results).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp } from '@tfbench/api';
import { loadConfig } from '@tfbench/core/config';
import { type DatabaseHandle, migrate, openDatabase } from '@tfbench/core/db';
import { percentile } from '@tfbench/core/metrics';
import { createTestDatabaseUrl } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import { seedBulkRuns } from '../scripts/seed-bulk/seed-bulk-runs.js';
import { flagText, int, readFlags } from './lib/flags.js';

interface Query {
  name: string;
  url: string;
  /** The target for the median (and the p95, where it sets one), in ms. */
  target?: { median: number; p95?: number };
}

interface Result {
  database: string;
  runs: number;
  query: string;
  url: string;
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  source: string | null;
  target: Query['target'] | null;
  met: boolean | null;
}

const DAY = 86_400_000;

async function request(
  agent: http.Agent,
  base: string,
  url: string,
): Promise<{ ms: number; body: string; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            ms: performance.now() - started,
            body: Buffer.concat(chunks).toString('utf8'),
            status: response.statusCode ?? 0,
          }),
        );
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The queries, for data whose newest run is at `end` and whose first scenario is `scenarioId`. */
function queriesFor(end: number, scenarioId: number, kind: 'postgres' | 'pglite'): Query[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const month = `from=${iso(end - 30 * DAY)}&to=${iso(end)}`;
  const day = `from=${iso(end - DAY)}&to=${iso(end)}`;
  if (kind === 'pglite') {
    return [
      { name: 'KPIs (all runs)', url: '/api/v1/runs/kpis/dashboard', target: { median: 1_000 } },
      { name: 'KPIs (all runs), exact=true (no rollups)', url: '/api/v1/runs/kpis/dashboard?exact=true' },
      {
        name: 'KPIs, one scenario, 24 h (exact)',
        url: `/api/v1/runs/kpis/dashboard?scenario_id=${scenarioId}&${day}`,
      },
      {
        name: 'time series, 30 days, p50/p95/p99 of total',
        url: `/api/v1/analytics/timeseries?metric=total&${month}`,
      },
    ];
  }
  return [
    { name: 'KPIs (all runs)', url: '/api/v1/runs/kpis/dashboard', target: { median: 100, p95: 200 } },
    { name: 'KPIs (all runs), exact=true (no rollups)', url: '/api/v1/runs/kpis/dashboard?exact=true' },
    { name: 'KPIs, 30 days', url: `/api/v1/runs/kpis/dashboard?${month}`, target: { median: 100, p95: 200 } },
    {
      name: 'KPIs, one scenario, 30 days',
      url: `/api/v1/runs/kpis/dashboard?scenario_id=${scenarioId}&${month}`,
    },
    {
      name: 'time series, 30 days, p50/p95/p99 of total',
      url: `/api/v1/analytics/timeseries?metric=total&${month}`,
      target: { median: 100, p95: 200 },
    },
    {
      name: 'time series, 30 days, exact=true (no rollups)',
      url: `/api/v1/analytics/timeseries?metric=total&exact=true&${month}`,
    },
    {
      name: 'time series, 30 days, success rate',
      url: `/api/v1/analytics/timeseries?metric=success_rate&${month}`,
    },
    {
      name: 'time series, one scenario, 24 h, exact percentiles',
      url: `/api/v1/analytics/timeseries?metric=total&scenario_id=${scenarioId}&bucket=1h&${day}`,
      target: { median: 20 },
    },
    {
      name: 'KPIs, one scenario, 24 h (exact)',
      url: `/api/v1/runs/kpis/dashboard?scenario_id=${scenarioId}&${day}`,
    },
    { name: 'histogram, 30 days', url: `/api/v1/analytics/histogram?metric=total&${month}` },
  ];
}

async function measure(
  db: DatabaseHandle,
  label: string,
  runs: number,
  iterations: number,
  warmup: number,
): Promise<Result[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent', TINYFISH_MOCK_MODE: 'true', TFBENCH_AUTH: 'off' });
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const [span] = (
    (await db.db.execute(
      sql`select max(created_at) as last, min(scenario_id) as scenario_id from runs`,
    )) as unknown as { rows: Array<{ last: Date | string; scenario_id: number }> }
  ).rows;
  const end = new Date(span?.last ?? Date.now()).getTime() + 1;
  const results: Result[] = [];
  try {
    for (const query of queriesFor(end, Number(span?.scenario_id ?? 1), db.kind)) {
      let source: string | null = null;
      for (let i = 0; i < warmup; i++) {
        const { status, body } = await request(agent, base, query.url);
        if (status !== 200) throw new Error(`${query.url} answered ${status}: ${body.slice(0, 300)}`);
        source = (JSON.parse(body) as { source?: string }).source ?? null;
      }
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) times.push((await request(agent, base, query.url)).ms);
      times.sort((a, b) => a - b);
      const median = percentile(times, 0.5) as number;
      const p95 = percentile(times, 0.95) as number;
      const result: Result = {
        database: label,
        runs,
        query: query.name,
        url: query.url,
        median_ms: median,
        p95_ms: p95,
        max_ms: times[times.length - 1] as number,
        source,
        target: query.target ?? null,
        met: query.target
          ? median <= query.target.median && p95 <= (query.target.p95 ?? Number.POSITIVE_INFINITY)
          : null,
      };
      results.push(result);
      const verdict = result.met === null ? '' : result.met ? '  (target met)' : '  (TARGET MISSED)';
      console.log(
        `  ${query.name.padEnd(52)} median ${median.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  max ${result.max_ms.toFixed(1).padStart(7)} ms  [${source ?? '-'}]${verdict}`,
      );
    }
  } finally {
    agent.destroy();
    await app.close();
  }
  return results;
}

// Forced collections make "retained heap" measurable while the export streams.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

interface ExportResult {
  database: string;
  runs: number;
  format: string;
  seconds: number;
  megabytes: number;
  rows_per_second: number;
  /** Largest growth of the heap left after a forced collection, over the baseline, in MiB. */
  retained_heap_growth_mib: number;
  /** Largest growth of the resident set over the baseline, in MiB. */
  rss_growth_mib: number;
}

/** Streams the export of every run through HTTP and samples memory as it goes. */
async function measureExport(
  db: DatabaseHandle,
  label: string,
  runs: number,
  format: 'csv' | 'ndjson',
): Promise<ExportResult> {
  const config = loadConfig({ LOG_LEVEL: 'silent', TINYFISH_MOCK_MODE: 'true', TFBENCH_AUTH: 'off' });
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  try {
    const baseHeap = retainedHeap();
    const baseRss = process.memoryUsage().rss;
    let heapGrowth = 0;
    let rssGrowth = 0;
    let bytes = 0;
    let lines = 0;
    let nextSample = 0;
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${address.port}/api/v1/runs/export?format=${format}`, (response) => {
          if (response.statusCode !== 200) reject(new Error(`export answered ${response.statusCode}`));
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
            if (bytes >= nextSample) {
              heapGrowth = Math.max(heapGrowth, retainedHeap() - baseHeap);
              rssGrowth = Math.max(rssGrowth, process.memoryUsage().rss - baseRss);
              nextSample = bytes + 32 * 1024 * 1024;
            }
          });
          response.on('end', resolve);
          response.on('error', reject);
        })
        .on('error', reject);
    });
    const seconds = (performance.now() - started) / 1000;
    const exported = format === 'csv' ? lines - 1 : lines;
    if (exported !== runs) throw new Error(`the export held ${exported} runs, not ${runs}`);
    const result: ExportResult = {
      database: label,
      runs,
      format,
      seconds,
      megabytes: bytes / 1e6,
      rows_per_second: runs / seconds,
      retained_heap_growth_mib: heapGrowth / 1048576,
      rss_growth_mib: rssGrowth / 1048576,
    };
    console.log(
      `  export ${format}: ${runs.toLocaleString('en-US')} runs, ${result.megabytes.toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.rows_per_second).toLocaleString('en-US')} runs/s); retained heap grew at most ${result.retained_heap_growth_mib.toFixed(1)} MiB, RSS ${result.rss_growth_mib.toFixed(1)} MiB`,
    );
    return result;
  } finally {
    await app.close();
  }
}

async function countRuns(db: DatabaseHandle): Promise<number> {
  const { rows } = (await db.db.execute(sql`select count(*)::int as n from runs`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return rows[0]?.n ?? 0;
}

async function seeded(db: DatabaseHandle, runs: number, label: string): Promise<void> {
  const started = performance.now();
  const result = await seedBulkRuns(db, { runs, scenarios: 20, days: 30, seed: 1 });
  console.log(
    `  seeded ${result.runs.toLocaleString('en-US')} runs and ${result.rollupRows.toLocaleString('en-US')} rollup rows into ${label} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), [
    'postgres-runs',
    'pglite-runs',
    'iterations',
    'warmup',
    'postgres-url',
    'json',
  ]);
  if (flags.has('help')) {
    console.log(
      'npm run bench:analytics -- [--postgres-runs 1000000] [--pglite-runs 100000] [--iterations 40] [--warmup 5] [--postgres-url URL] [--json FILE]',
    );
    return;
  }
  const postgresRuns = int(flagText(flags, 'postgres-runs'), 'postgres-runs', 0, 10_000_000) ?? 1_000_000;
  const pgliteRuns = int(flagText(flags, 'pglite-runs'), 'pglite-runs', 0, 1_000_000) ?? 100_000;
  const iterations = int(flagText(flags, 'iterations'), 'iterations', 1, 10_000) ?? 40;
  const warmup = int(flagText(flags, 'warmup'), 'warmup', 1, 1_000) ?? 5;
  const givenUrl = flagText(flags, 'postgres-url');
  const results: Result[] = [];
  const exportResults: ExportResult[] = [];
  console.log(
    `bench:analytics  ${new Date().toISOString()}  node ${process.version}  ${iterations} measured requests per query after ${warmup} warm-ups`,
  );

  if (postgresRuns > 0 || givenUrl) {
    const created = givenUrl ? undefined : await createTestDatabaseUrl();
    const db = await openDatabase({ kind: 'postgres', url: givenUrl ?? (created as { url: string }).url });
    try {
      await migrate(db);
      if (created) await seeded(db, postgresRuns, 'PostgreSQL');
      const runs = await countRuns(db);
      console.log(`PostgreSQL, ${runs.toLocaleString('en-US')} runs`);
      results.push(...(await measure(db, 'postgres', runs, iterations, warmup)));
      exportResults.push(await measureExport(db, 'postgres', runs, 'csv'));
    } finally {
      await db.close();
      await created?.drop();
    }
  }
  if (pgliteRuns > 0) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-bench-analytics-'));
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await migrate(db);
      await seeded(db, pgliteRuns, 'PGlite');
      console.log(`PGlite (embedded), ${pgliteRuns.toLocaleString('en-US')} runs`);
      results.push(...(await measure(db, 'pglite', pgliteRuns, iterations, warmup)));
    } finally {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const json = flagText(flags, 'json');
  if (json)
    await writeFile(json, `${JSON.stringify({ queries: results, exports: exportResults }, null, 2)}\n`);
  const missed = results.filter((r) => r.met === false);
  console.log(missed.length === 0 ? 'every target met' : `${missed.length} target(s) missed`);
}

main().catch((error: unknown) => {
  console.error(`bench:analytics failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
