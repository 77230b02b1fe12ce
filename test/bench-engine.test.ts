/**
 * The engine throughput bench (bench/engine-throughput.ts): its arithmetic, and one run at
 * a tiny scale with real processes, PGlite, PostgreSQL and Redis, checking that every run is
 * accounted for and that nothing it created is left behind. Correctness only, never speed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUEUE_LEAD_MS } from '@tfbench/core/engine';
import {
  countRedisKeys,
  requirePostgres,
  requireRedis,
  TEST_REDIS_URL,
  testDatabaseAdminUrl,
} from '@tfbench/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseExists } from '../bench/lib/bench-services.js';
import { parseEngineBenchArgs } from '../bench/lib/engine-args.js';
import type { OpenEnginePhase } from '../bench/lib/engine-phase.js';
import type { BenchPhase } from '../bench/lib/engine-summary.js';
import { checkTargets, compareWithBaselines } from '../bench/lib/engine-summary.js';
import { type OpenRunInstants, planOpenLoad, summarizeOpenRuns } from '../bench/lib/open-arrival.js';
import { type RunInstants, summarizeRunInstants } from '../bench/lib/run-timings.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('engine bench arithmetic', () => {
  it('takes the window from the first dispatch to the last finish and splits each run into its parts', () => {
    const rows: RunInstants[] = [
      {
        status: 'completed',
        errorCode: null,
        dispatchedMs: 1000,
        startedMs: 1004,
        finishedMs: 1030,
        clientMs: 20,
      },
      {
        status: 'completed',
        errorCode: null,
        dispatchedMs: 1010,
        startedMs: 1030,
        finishedMs: 1060,
        clientMs: 25,
      },
      {
        status: 'failed',
        errorCode: 'WORKER_LOST',
        dispatchedMs: 1020,
        startedMs: 1021,
        finishedMs: 2000,
        clientMs: null,
      },
    ];
    const t = summarizeRunInstants(rows);
    expect(t.runs).toBe(3);
    expect(t.completed).toBe(2);
    expect(t.notCompleted).toEqual({ 'failed WORKER_LOST': 1 });
    expect(t.windowMs).toBe(1000);
    expect(t.runsPerSecond).toBeCloseTo(2, 10);
    expect(t.dispatchMs.count).toBe(3);
    expect(t.dispatchMs.p50).toBe(4);
    expect(t.dispatchMs.max).toBe(20);
    // (finished - started) - client: 26 - 20 and 30 - 25.
    expect(t.workerOverheadMs.count).toBe(2);
    expect(t.workerOverheadMs.p50).toBeCloseTo(5.5, 10);
    expect(t.residenceMs.mean).toBeCloseTo((30 + 50 + 980) / 3, 10);
    expect(t.effectiveInFlight).toBeCloseTo((2 * (30 + 50 + 980)) / 3 / 1000, 10);
  });

  it('compares each engine variant with the bare-client phases on either side and checks the targets', () => {
    const bare = (runsPerSecond: number) => ({ runsPerSecond }) as never;
    const engine = (variant: 'embedded' | 'pg', runsPerSecond: number, p99: number) =>
      ({ variant, timings: { runsPerSecond, dispatchMs: { p50: p99 / 2, p99 } } }) as never;
    const phases: BenchPhase[] = [
      { kind: 'bare', index: 1, result: bare(1000) },
      { kind: 'engine', result: engine('embedded', 100, 500) },
      { kind: 'bare', index: 2, result: bare(800) },
      { kind: 'engine', result: engine('pg', 500, 40) },
      { kind: 'bare', index: 3, result: bare(1200) },
    ];
    const comparisons = compareWithBaselines(phases);
    expect(comparisons.map((c) => [c.variant, c.baselineRunsPerSecond, c.ratio])).toEqual([
      ['embedded', 900, 100 / 900],
      ['pg', 1000, 0.5],
    ]);
    expect(checkTargets(comparisons).map((c) => c.met)).toEqual([true, true]);
    const slower = compareWithBaselines([phases[2]!, { kind: 'engine', result: engine('pg', 300, 51) }]);
    const checks = checkTargets(slower);
    expect(checks.map((c) => c.met)).toEqual([false, false]);
    expect(checks[0]!.detail).toContain('needs 400 runs/s');
    expect(checks[1]!.detail).toContain('misses by 1.0 ms');

    // An open phase sits between a variant and the next bare client: not a neighbour, but a
    // third target; a dropped arrival misses it whatever the p99.
    const open = (p99: number, dropped: number) =>
      ({
        variant: 'pg',
        timings: { runsPerSecond: 150, dispatchMs: { p99 } },
        load: {
          arrival: 'constant',
          ratePerS: 150,
          runs: 10,
          concurrency: 1000,
          ofClosed: { fraction: 0.5, closedRunsPerSecond: 300 },
        },
        open: { dropped },
      }) as unknown as OpenEnginePhase;
    const withOpen: BenchPhase[] = [
      phases[2]!,
      { kind: 'engine', result: engine('pg', 300, 51) },
      { kind: 'open', result: open(20, 0) },
      { kind: 'bare', index: 3, result: bare(600) },
    ];
    const compared = compareWithBaselines(withOpen);
    expect(compared.map((c) => c.baselineRunsPerSecond)).toEqual([700]);
    expect(checkTargets(compared, withOpen).map((c) => c.met)).toEqual([false, false, true]);
    const dropped = checkTargets(compared, [{ kind: 'open', result: open(20, 2) }])[2]!;
    expect(dropped.met).toBe(false);
    expect(dropped.detail).toContain('2 arrival(s) dropped');
  });

  it('plans the open phase from the closed loop, or from a fixed rate', () => {
    const settings = { fraction: 0.5, ratePerS: null, runs: null, concurrency: 1000 };
    // 60 s worth at half of 90.37 runs/s, rounded to one decimal.
    expect(planOpenLoad(settings, 90.37)).toEqual({
      arrival: 'constant',
      ratePerS: 45.2,
      runs: 2712,
      concurrency: 1000,
      ofClosed: { fraction: 0.5, closedRunsPerSecond: 90.37 },
    });
    expect(planOpenLoad(settings, 500)).toMatchObject({ ratePerS: 250, runs: 3000 });
    expect(planOpenLoad({ ...settings, runs: 20 }, 500)).toMatchObject({ runs: 20 });
    expect(planOpenLoad({ ...settings, ratePerS: 7 }, Number.NaN)).toMatchObject({
      ratePerS: 7,
      runs: 420,
      ofClosed: null,
    });
    expect(planOpenLoad(settings, Number.NaN)).toHaveProperty('skipped');
  });

  it('reads the open flags', () => {
    expect(parseEngineBenchArgs([]).open).toEqual({
      fraction: 0.5,
      ratePerS: null,
      runs: null,
      concurrency: 1000,
    });
    expect(parseEngineBenchArgs(['--no-open', '--runs', '5']).open).toBeNull();
    expect(parseEngineBenchArgs(['--open-rate=12.5', '--open-runs', '30']).open).toMatchObject({
      ratePerS: 12.5,
      runs: 30,
    });
    expect(() => parseEngineBenchArgs(['--no-open', '--open-runs', '3'])).toThrow(/cannot be combined/);
    expect(() => parseEngineBenchArgs(['--open-fraction', '0.5', '--open-rate', '3'])).toThrow(/not both/);
    expect(() => parseEngineBenchArgs(['--open-fraction', '2'])).toThrow(/from 0.01 to 1/);
  });

  it('reads the product-defaults flags: off unless asked, 600 runs by default', () => {
    expect(parseEngineBenchArgs([]).productDefaultsRuns).toBeNull();
    expect(parseEngineBenchArgs(['--product-defaults']).productDefaultsRuns).toBe(600);
    expect(parseEngineBenchArgs(['--product-defaults', '--defaults-runs', '120']).productDefaultsRuns).toBe(
      120,
    );
    expect(() => parseEngineBenchArgs(['--product-defaults', '--defaults-runs', '0'])).toThrow(
      /defaults-runs/,
    );
  });

  it('measures an open run from when it was due, and its schedule lag from when it was meant to start', () => {
    const base = { errorCode: null, clientMs: 10 };
    const rows: OpenRunInstants[] = [
      // Handed out 5 s ahead, started 4 ms after its intended time.
      {
        ...base,
        status: 'completed',
        intendedMs: 10_000,
        dispatchedMs: 5_000,
        startedMs: 10_004,
        actualStartMs: 10_004,
        finishedMs: 10_020,
      },
      // Handed out 3 ms late (the driver fell behind), claimed 2 ms after that.
      {
        ...base,
        status: 'completed',
        intendedMs: 10_100,
        dispatchedMs: 10_103,
        startedMs: 10_105,
        actualStartMs: 10_105,
        finishedMs: 10_130,
      },
      // Dropped: never started.
      {
        ...base,
        status: 'cancelled',
        errorCode: 'ARRIVAL_DROPPED',
        clientMs: null,
        intendedMs: 10_200,
        dispatchedMs: 5_200,
        startedMs: null,
        actualStartMs: null,
        finishedMs: 15_300,
      },
    ];
    const { timings, open } = summarizeOpenRuns(rows);
    expect(timings.runs).toBe(3);
    expect(timings.completed).toBe(2);
    expect(timings.notCompleted).toEqual({ 'cancelled ARRIVAL_DROPPED': 1 });
    expect(timings.dispatchMs.count).toBe(2);
    expect(timings.dispatchMs.max).toBe(4);
    expect(timings.dispatchMs.p50).toBeCloseTo(3, 10);
    // From the first due instant (10,000) to the last finish (the drop at 15,300).
    expect(timings.windowMs).toBe(5_300);
    expect(open).toMatchObject({ scheduled: 3, dropped: 1, handedOutLate: 1, scheduleSpanMs: 200 });
    expect(open.scheduleLagMs.count).toBe(2);
    expect(open.scheduleLagMs.max).toBe(5);
    expect(open.fromIntendedMs.max).toBe(15);
    expect(open.intendedToStoredMs.max).toBe(30);
    expect(open.early).toEqual({ count: 0, earliestMs: null });
  });

  it('counts the runs sent before their intended instant, and how early the earliest was', () => {
    const run = (intendedMs: number, actualStartMs: number): OpenRunInstants => ({
      errorCode: null,
      clientMs: 10,
      status: 'completed',
      intendedMs,
      dispatchedMs: intendedMs - 1_000,
      startedMs: intendedMs - 900,
      actualStartMs,
      finishedMs: actualStartMs + 20,
    });
    const { open } = summarizeOpenRuns([run(10_000, 9_999.5), run(10_100, 10_100), run(10_200, 10_199.25)]);
    expect(open.early).toEqual({ count: 2, earliestMs: -0.75 });
  });
});

/**
 * PostgreSQL and Redis both answer. Locally a missing one leaves the embedded variant alone
 * (with a warning); under CI=true it fails the file.
 */
async function servicesReady(): Promise<boolean> {
  return (await requirePostgres()) && (await requireRedis());
}

interface BenchJson {
  phases: BenchPhase[];
  openSkipped: unknown[];
  comparisons: { variant: string; ratio: number }[];
  checks: { met: boolean }[];
  precision: { what: string; met: boolean }[];
}

describe('engine bench at a tiny scale', async () => {
  const withServices = await servicesReady();
  const variants = withServices ? 'embedded,pg' : 'embedded';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfbench-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs every run of every phase (${variants}, closed and open) and leaves nothing behind`, {
    timeout: 240_000,
  }, async () => {
    const jsonFile = path.join(dir, 'results.json');
    const { code, stdout, stderr } = await runBench([
      '--runs',
      '40',
      '--concurrency',
      '8',
      '--warmup-runs',
      '8',
      '--variants',
      variants,
      '--pg-url',
      testDatabaseAdminUrl(),
      '--redis-url',
      TEST_REDIS_URL,
      '--open-runs',
      '20',
      '--max-seconds',
      '180',
      '--json',
      jsonFile,
    ]);
    expect(code, `bench failed:\n${stdout}\n${stderr}`).toBe(0);
    const result = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchJson;

    const bare = result.phases.filter((p) => p.kind === 'bare');
    const engines = result.phases.flatMap((p) => (p.kind === 'engine' ? [p.result] : []));
    expect(bare).toHaveLength(variants.split(',').length + 1);
    for (const phase of bare) {
      expect(phase.result.completed).toBe(40);
      expect(phase.result.runsPerSecond).toBeGreaterThan(0);
    }
    expect(engines.map((e) => e.variant)).toEqual(variants.split(','));
    for (const engine of engines) {
      expect(engine.outcome.finished).toBe(true);
      expect(engine.outcome.status).toBe('completed');
      expect(engine.timings.runs).toBe(40);
      expect(engine.timings.completed).toBe(40);
      expect(engine.timings.dispatchMs.count).toBe(40);
      expect(engine.timings.dispatchMs.p50).toBeGreaterThanOrEqual(0);
      expect(engine.timings.clientMs.count).toBe(40);
      // At most `concurrency` runs hold a slot at once, and each slot's last run may still be
      // having its outcome written (residence ends at the stored outcome, the slot at the end
      // of the request); dispatched_at is the start of the driver's transaction, which can
      // precede the end it reacts to by a lock wait.
      expect(engine.timings.effectiveInFlight).toBeGreaterThan(0);
      expect(engine.timings.effectiveInFlight).toBeLessThanOrEqual(2 * 8 * 1.5);
      // The Redis server's CPU is read from /proc on the pg variant (it runs on this machine).
      if (engine.variant === 'pg') expect(engine.redisCpuMs).toBeGreaterThanOrEqual(0);
      else expect(engine.redisCpuMs).toBeNull();
    }
    for (const comparison of result.comparisons) expect(comparison.ratio).toBeGreaterThan(0);

    // Each variant's open phase: constant arrivals at half the closed loop's rate, every one
    // of its 20 runs accounted for (completed, or dropped and never started).
    expect(result.openSkipped).toEqual([]);
    const opens = result.phases.flatMap((p) => (p.kind === 'open' ? [p.result] : []));
    expect(opens.map((o) => o.variant)).toEqual(variants.split(','));
    for (const open of opens) {
      const closed = engines.find((e) => e.variant === open.variant)!;
      expect(open.outcome.finished).toBe(true);
      expect(open.outcome.status).toBe('completed');
      expect(open.outcome.benchmarkId).not.toBe(closed.outcome.benchmarkId);
      expect(open.load.runs).toBe(20);
      // Half the closed rate, to one decimal.
      expect(Math.abs(open.load.ratePerS - closed.timings.runsPerSecond / 2)).toBeLessThanOrEqual(0.051);
      const t = open.timings;
      expect(t.runs).toBe(20);
      expect(open.open.scheduled).toBe(20);
      expect(t.completed + open.open.dropped).toBe(20);
      expect(Object.values(t.notCompleted).reduce((a, b) => a + b, 0)).toBe(open.open.dropped);
      // Every started run completed and has a dispatch, a lag and a latency from its intended send.
      expect(t.dispatchMs.count).toBe(t.completed);
      expect(open.open.scheduleLagMs.count).toBe(t.completed);
      expect(open.open.fromIntendedMs.count).toBe(t.completed);
      // An open-arrival run is claimed when its job arrives, up to the queue lead before its send,
      // so its dispatch (started_at - due) may be negative, never earlier than the lead; its send
      // (the lag) is never early beyond the clocks' whole milliseconds.
      expect(t.dispatchMs.p50).toBeGreaterThanOrEqual(-QUEUE_LEAD_MS - 5);
      expect(open.open.scheduleLagMs.p50).toBeGreaterThanOrEqual(-2);
      // 20 arrivals 1/rate apart (PGlite's clock keeps whole milliseconds).
      expect(Math.abs(open.open.scheduleSpanMs - (19 * 1000) / open.load.ratePerS)).toBeLessThanOrEqual(2);
    }
    // The bare timers ran alongside every open phase, one timer per arrival.
    for (const open of opens) expect(open.timers.lagMs.count).toBe(20);
    // Per variant: the open lag against its bound and against the timers, the closed ratio.
    expect(result.precision).toHaveLength(3 * opens.length);
    expect(stdout).toContain('send-time precision targets (this run):');
    // Closed-loop ratio and dispatch, and dispatch at the open rate.
    expect(result.checks).toHaveLength(withServices ? 3 : 0);
    expect(stdout).toContain(withServices ? 'pg + redis, open 50%' : 'embedded, open 50%');

    // Cleanup: the PGlite folder, the database, the Redis keys and the worker processes are gone.
    const embedded = engines.find((e) => e.variant === 'embedded')!;
    const dataDir = /data folder (\S+)\)/.exec(embedded.setup)?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir!)).toBe(false);
    if (withServices) {
      const names = /database (\S+), Redis prefix (\S+)\)/.exec(stdout);
      expect(names, stdout).not.toBeNull();
      expect(await databaseExists(testDatabaseAdminUrl(), names![1]!)).toBe(false);
      expect(await countRedisKeys(names![2]!)).toBe(0);
      const pg = engines.find((e) => e.variant === 'pg')!;
      const pids = /pids ([\d, ]+)\)/.exec(pg.setup)![1]!.split(', ').map(Number);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      expect(pg.postgres?.commits).toBeGreaterThan(0);
    }
  });
});

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/engine-throughput.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
