/**
 * A schedule of benchmarks, end to end in one process (embedded worker and scheduler, mock
 * TinyFish on loopback, PGlite): the tick starts a benchmark named after its scenario, and a
 * threshold the benchmark fails raises a firing threshold alert, while one it passes does not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listAlerts } from '@tfbench/core/alerts';
import { listBenchmarks } from '@tfbench/core/benchmarks';
import { scenarios } from '@tfbench/core/db';
import { updateScenario } from '@tfbench/core/services';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/index.js';
import { eventually, FAST_MODEL, seedReadmeScenario, testConfig } from './helpers.js';

let runtime: Runtime | undefined;
let dir: string | undefined;

afterEach(async () => {
  await runtime?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  runtime = undefined;
  dir = undefined;
});

it('a scheduled benchmark that fails a threshold raises an alert for it', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tfbench-sched-alerts-'));
  runtime = await createRuntime(testConfig({ TFBENCH_DATA_DIR: dir }), {
    role: 'all',
    logger: pino({ level: 'silent' }),
  });
  const db = runtime.db;
  const scenarioId = await seedReadmeScenario(db, {
    inputs_template: { mock: FAST_MODEL },
    run_settings: { interval_seconds: 3600, schedule_kind: 'benchmark', iterations: 2, concurrency: 2 },
  });
  // Mock runs take about 150 ms: the first threshold fails, the second passes.
  await updateScenario({ db }, scenarioId, {
    thresholds: ['p95(total_duration_ms) < 1', 'success_rate >= 0.5'],
    schedule_enabled: true,
  });
  // Due now rather than in an hour.
  await db.db
    .update(scenarios)
    .set({ next_run_at: new Date(Date.now() - 1_000) })
    .where(eq(scenarios.id, scenarioId));

  await eventually(
    async () => (await listAlerts({ db }, { state: 'firing' })).total > 0,
    30_000,
    'a firing alert',
  );
  const benchmarks = await listBenchmarks({ db }, {});
  expect(benchmarks.items).toHaveLength(1);
  const benchmark = benchmarks.items[0]!;
  expect(benchmark).toMatchObject({ status: 'completed', settings: { source: 'schedule', iterations: 2 } });
  expect(benchmark.name).toMatch(
    /^Simple Chat Benchmark · \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}(:\d{2})? UTC$/,
  );
  const firing = await listAlerts({ db }, { state: 'firing' });
  expect(firing.items.map((alert) => [alert.kind, alert.rule, alert.scenario_id])).toEqual([
    ['threshold', 'p95(total_duration_ms) < 1', scenarioId],
  ]);
  expect(firing.items[0]).toMatchObject({
    n: 2,
    details: { benchmark: { id: benchmark.id, name: benchmark.name } },
  });
  expect(firing.items[0]!.observed).toBeGreaterThan(1);
});
