/**
 * Rollups: the range split, idempotent incremental maintenance, catch-up, scenario deletion,
 * concurrent writers, and — the point of it all — figures read from rollups agree with the
 * exact figures from raw runs: counts exactly, percentiles within the sketches' 0.5 %.
 */

import { percentile } from '@tfbench/domain/statistics';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { queryRows } from '../src/db/rows.js';
import { run_rollups, runs } from '../src/db/schema.js';
import type { RollupScope } from '../src/repositories/run-rollups.js';
import type { BulkRun } from '../src/repositories/runs-bulk.js';
import {
  DAY_MS,
  decomposeRange,
  HOUR_MS,
  MINUTE_MS,
  type RunTally,
  readTallies,
  recordRunInRollups,
  rollUpPendingRuns,
} from '../src/rollups/index.js';
import { deleteScenario } from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario, seedSyntheticRuns } from './seed.js';

const RELATIVE_ACCURACY = 0.005;
const T0 = Date.parse('2024-06-01T00:00:00Z');

describe('decomposeRange', () => {
  it('uses days in the middle, then hours, minutes and raw edges', () => {
    const start = Date.parse('2024-06-01T10:30:15Z');
    const end = Date.parse('2024-06-03T02:00:40Z');
    expect(
      decomposeRange(start, end).map((p) => [
        p.source === 'raw' ? 'raw' : p.resolution,
        new Date(p.start).toISOString(),
        new Date(p.end).toISOString(),
      ]),
    ).toEqual([
      ['raw', '2024-06-01T10:30:15.000Z', '2024-06-01T10:31:00.000Z'],
      ['minute', '2024-06-01T10:31:00.000Z', '2024-06-01T11:00:00.000Z'],
      ['hour', '2024-06-01T11:00:00.000Z', '2024-06-02T00:00:00.000Z'],
      ['day', '2024-06-02T00:00:00.000Z', '2024-06-03T00:00:00.000Z'],
      ['hour', '2024-06-03T00:00:00.000Z', '2024-06-03T02:00:00.000Z'],
      ['raw', '2024-06-03T02:00:00.000Z', '2024-06-03T02:00:40.000Z'],
    ]);
  });

  it('reads everything before the last whole day from day buckets when unbounded', () => {
    const end = Date.parse('2024-06-03T02:00:00Z');
    expect(decomposeRange(Number.NEGATIVE_INFINITY, end)).toEqual([
      {
        source: 'rollup',
        resolution: 'day',
        start: Number.NEGATIVE_INFINITY,
        end: Date.parse('2024-06-03T00:00:00Z'),
      },
      { source: 'rollup', resolution: 'hour', start: Date.parse('2024-06-03T00:00:00Z'), end },
    ]);
  });

  it('covers any range exactly with disjoint, aligned pieces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 * DAY_MS }),
        fc.integer({ min: 0, max: 5 * DAY_MS }),
        (a, length) => {
          const start = T0 + a;
          const end = start + length;
          const pieces = decomposeRange(start, end);
          if (length === 0) return pieces.length === 0;
          let at = start;
          for (const piece of pieces) {
            expect(piece.start).toBe(at);
            expect(piece.end).toBeGreaterThan(piece.start);
            if (piece.source === 'rollup') {
              const size = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS }[piece.resolution];
              expect(piece.start % size).toBe(0);
              expect(piece.end % size).toBe(0);
            } else {
              // Raw rows are read only where no whole aligned minute fits: a range under two
              // minutes that holds none (e.g. from 1 ms past a minute to 1 ms past the next) is
              // one raw piece of up to two minutes less 2 ms, never one holding a rollup minute.
              const firstWholeMinuteEnd = Math.ceil(piece.start / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
              expect(firstWholeMinuteEnd).toBeGreaterThan(piece.end);
            }
            at = piece.end;
          }
          expect(at).toBe(end);
          return true;
        },
      ),
      { numRuns: 500, examples: [[1, MINUTE_MS]] },
    );
  });
});

/** Exact figures of runs, computed in JS from the rows, for comparison. */
function exactOf(rows: BulkRun[]) {
  const completed = rows.filter((r) => r.status === 'completed');
  const values = (pick: (r: BulkRun) => number | null) =>
    completed
      .map(pick)
      .filter((v): v is number => v !== null)
      .sort((x, y) => x - y);
  return {
    counts: {
      completed: completed.length,
      failed: rows.filter((r) => r.status === 'failed').length,
      timeout: rows.filter((r) => r.status === 'timeout').length,
      cancelled: rows.filter((r) => r.status === 'cancelled').length,
    },
    total: values((r) => r.total_duration_ms),
    ttft: values((r) => r.ttft_ms),
    itl: values((r) => r.inter_token_stats?.mean ?? null),
  };
}

function expectWithinAccuracy(estimate: number | null, exact: number | null) {
  expect(exact).not.toBeNull();
  expect(estimate).not.toBeNull();
  expect(Math.abs((estimate as number) - (exact as number))).toBeLessThanOrEqual(
    RELATIVE_ACCURACY * Math.abs(exact as number) + 1e-9,
  );
}

function expectTallyMatches(tally: RunTally | undefined, rows: BulkRun[]) {
  const exact = exactOf(rows);
  expect(tally).toBeDefined();
  const t = tally as RunTally;
  expect({ completed: t.completed, failed: t.failed, timeout: t.timeout, cancelled: t.cancelled }).toEqual(
    exact.counts,
  );
  for (const figure of ['total', 'ttft', 'itl'] as const) {
    const sketch = t.sketches[figure];
    expect(sketch.count).toBe(exact[figure].length);
    for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      expectWithinAccuracy(sketch.quantile(q), percentile(exact[figure], q));
    }
    const sum = exact[figure].reduce((s, v) => s + v, 0);
    expect(sketch.sum).toBeCloseTo(sum, 3);
  }
}

async function seedScenarios(handle: DatabaseHandle, count: number) {
  const automation = await seedAutomation(handle);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await seedScenario(handle, automation.id, `s${i}`)).id);
  return { automation, ids };
}

function seedSynthetic(handle: DatabaseHandle, scenarioIds: number[], count: number, days: number) {
  return seedSyntheticRuns(handle, { runs: count, scenarioIds, start: T0, end: T0 + days * DAY_MS, seed: 7 });
}

describeEachDatabase('rollups', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('add a finished run once, and never a warm-up or a run in flight', async () => {
    const { ids } = await seedScenarios(getDb(), 1);
    const at = new Date(T0 + 90 * MINUTE_MS + 5_000);
    const done = await seedRun(getDb(), ids[0]!, {
      status: 'completed',
      total_duration_ms: 1234,
      created_at: at,
    });
    const warm = await seedRun(getDb(), ids[0]!, { status: 'completed', is_warmup: true, created_at: at });
    const live = await seedRun(getDb(), ids[0]!, { status: 'running', created_at: at });
    expect(await recordRunInRollups(deps(), done)).toBe(true);
    expect(await recordRunInRollups(deps(), done)).toBe(false);
    expect(await recordRunInRollups(deps(), warm)).toBe(false);
    expect(await recordRunInRollups(deps(), live)).toBe(false);

    const rows = await getDb()
      .db.select()
      .from(run_rollups)
      .orderBy(run_rollups.resolution, run_rollups.scenario_id);
    // minute, hour and day rows, each for the scenario and for all scenarios.
    expect(
      rows.map((r) => [r.resolution, r.scenario_id, r.bucket_start.toISOString(), r.completed_runs]),
    ).toEqual([
      ['day', 0, '2024-06-01T00:00:00.000Z', 1],
      ['day', ids[0], '2024-06-01T00:00:00.000Z', 1],
      ['hour', 0, '2024-06-01T01:00:00.000Z', 1],
      ['hour', ids[0], '2024-06-01T01:00:00.000Z', 1],
      ['minute', 0, '2024-06-01T01:30:00.000Z', 1],
      ['minute', ids[0], '2024-06-01T01:30:00.000Z', 1],
    ]);
    const [marked] = await queryRows<{ n: number }>(
      getDb().db,
      sql`select count(*)::int as n from ${runs} where ${runs.rolled_up_at} is not null`,
    );
    expect(marked?.n).toBe(1);
    // The bookkeeping mark is not a change of the run.
    const [after] = await getDb().db.select().from(runs).where(sql`${runs.id} = ${done.id}`);
    expect(after?.updated_at.getTime()).toBe(done.updated_at.getTime());
  });

  it('agree with exact figures over aligned and unaligned ranges, rolled up or not', async () => {
    const { ids } = await seedScenarios(getDb(), 3);
    const all = await seedSynthetic(getDb(), ids, 3_000, 3);
    // Some runs through the engine's hook (in order), the rest left for the readers to find raw.
    const stored = await getDb().db.select({ id: runs.id }).from(runs).orderBy(runs.id);
    for (const run of stored.slice(0, 400)) await recordRunInRollups(deps(), run);

    const ranges: Array<[number, number]> = [
      [T0, T0 + 3 * DAY_MS],
      [T0 + 7 * HOUR_MS + 17 * MINUTE_MS + 3_000, T0 + 2 * DAY_MS + 5 * HOUR_MS + 42_000],
      [T0 + DAY_MS + 30_000, T0 + DAY_MS + 50_000],
    ];
    const scopes: Array<[RollupScope, (r: BulkRun) => boolean]> = [
      [{ kind: 'all' }, () => true],
      [{ kind: 'scenarios', ids: [ids[1]!] }, (r) => r.scenario_id === ids[1]],
      [{ kind: 'scenarios', ids: [ids[0]!, ids[2]!] }, (r) => r.scenario_id !== ids[1]],
    ];
    const sketches = ['total_sketch', 'ttft_sketch', 'itl_sketch', 'cost_sketch'] as const;
    for (const [start, end] of ranges) {
      for (const [scope, inScope] of scopes) {
        const rows = all.filter(
          (r) => inScope(r) && r.created_at.getTime() >= start && r.created_at.getTime() < end,
        );
        const tallies = await readTallies(getDb().db, { scope, start, end, sketches });
        if (rows.length === 0) expect(tallies.size).toBe(0);
        else expectTallyMatches(tallies.get(0), rows);
      }
    }

    // Per-hour buckets over an unaligned range: each bucket agrees with its own runs.
    const start = T0 + 5 * HOUR_MS + 20 * MINUTE_MS;
    const end = T0 + 11 * HOUR_MS + 10 * MINUTE_MS;
    const hourly = await readTallies(getDb().db, {
      scope: { kind: 'all' },
      start,
      end,
      bucketMs: HOUR_MS,
      sketches,
    });
    for (let bucket = T0 + 5 * HOUR_MS; bucket < end; bucket += HOUR_MS) {
      const rows = all.filter((r) => {
        const t = r.created_at.getTime();
        return t >= Math.max(bucket, start) && t < Math.min(bucket + HOUR_MS, end);
      });
      expectTallyMatches(hourly.get(bucket), rows);
    }

    // The catch-up adds the rest; the figures stay the same.
    expect(await rollUpPendingRuns(deps(), { batchSize: 400 })).toBe(2_600);
    expect(await rollUpPendingRuns(deps())).toBe(0);
    const whole = await readTallies(getDb().db, {
      scope: { kind: 'all' },
      start: Number.NEGATIVE_INFINITY,
      end: T0 + 3 * DAY_MS,
      sketches,
    });
    expectTallyMatches(whole.get(0), all);
    const errors = whole.get(0)!.errorBreakdown();
    expect(errors.reduce((sum, e) => sum + e.count, 0)).toBe(
      all.filter((r) => r.status === 'failed' || r.status === 'timeout').length,
    );
  });

  it('forget a deleted scenario, in its own rows and in the all-scenario rows', async () => {
    const { ids } = await seedScenarios(getDb(), 2);
    const all = await seedSynthetic(getDb(), ids, 600, 2);
    await rollUpPendingRuns(deps());
    await deleteScenario(deps(), ids[0]!, { cascade: true });
    const kept = all.filter((r) => r.scenario_id === ids[1]);
    const tallies = await readTallies(getDb().db, {
      scope: { kind: 'all' },
      start: T0,
      end: T0 + 2 * DAY_MS,
      sketches: ['total_sketch', 'ttft_sketch', 'itl_sketch'],
    });
    expectTallyMatches(tallies.get(0), kept);
    const leftovers = await getDb()
      .db.select()
      .from(run_rollups)
      .where(sql`${run_rollups.scenario_id} = ${ids[0]}`);
    expect(leftovers).toEqual([]);
  });

  it('lose no run when many finish at once', async () => {
    const { ids } = await seedScenarios(getDb(), 2);
    const at = new Date(T0 + 10 * MINUTE_MS);
    const created = [];
    for (let i = 0; i < 60; i++) {
      created.push(
        await seedRun(getDb(), ids[i % 2]!, {
          status: 'completed',
          total_duration_ms: 1000 + i,
          created_at: at,
        }),
      );
    }
    // Hook calls and catch-ups racing each other: every run is added exactly once.
    const results = await Promise.all([
      ...created.map((run) => recordRunInRollups(deps(), run)),
      rollUpPendingRuns(deps(), { batchSize: 7 }),
      rollUpPendingRuns(deps(), { batchSize: 5 }),
    ]);
    const viaHook = results.slice(0, 60).filter((added) => added === true).length;
    const viaCatchUp = (results[60] as number) + (results[61] as number);
    expect(viaHook + viaCatchUp).toBe(60);
    const rows = await getDb().db.select().from(run_rollups).where(sql`${run_rollups.scenario_id} = 0`);
    expect(rows.map((r) => r.completed_runs)).toEqual([60, 60, 60]);
  });
});
