/**
 * The engine throughput bench (bench/engine-throughput.ts): its arithmetic, and one run at
 * a tiny scale with real processes, PGlite, PostgreSQL and Redis, checking that every run is
 * accounted for and that nothing it created is left behind. Correctness only, never speed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  countRedisKeys,
  requirePostgres,
  requireRedis,
  TEST_REDIS_URL,
  testDatabaseAdminUrl,
} from '@tfbench/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseExists } from '../bench/lib/bench-services.js';
import type { BenchPhase } from '../bench/lib/engine-summary.js';
import { checkTargets, compareWithBaselines } from '../bench/lib/engine-summary.js';
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
  comparisons: { variant: string; ratio: number }[];
  checks: { met: boolean }[];
}

describe('engine bench at a tiny scale', async () => {
  const withServices = await servicesReady();
  const variants = withServices ? 'embedded,pg' : 'embedded';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfbench-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs every run of every phase (${variants}) and leaves nothing behind`, {
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
      // At most `concurrency` runs hold a slot at once; dispatched_at is the start of the
      // driver's transaction, which can precede the end it reacts to by a lock wait.
      expect(engine.timings.effectiveInFlight).toBeGreaterThan(0);
      expect(engine.timings.effectiveInFlight).toBeLessThanOrEqual(8 * 1.5);
    }
    for (const comparison of result.comparisons) expect(comparison.ratio).toBeGreaterThan(0);
    expect(result.checks).toHaveLength(withServices ? 2 : 0);

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
