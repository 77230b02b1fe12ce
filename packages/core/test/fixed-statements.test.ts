/**
 * The engine's statements written as fixed SQL text, on both databases: the rows they return
 * are the rows Drizzle reads, column by column (dates, JSON, nulls); the values they write
 * read back unchanged; they run inside the caller's transaction.
 */
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { fixedStatement } from '../src/db/fixed-statement.js';
import { queryRows } from '../src/db/rows.js';
import type { NewRunEvent } from '../src/db/schema.js';
import { selectBenchmarkById, selectBenchmarkForUpdate } from '../src/repositories/benchmarks.js';
import { insertRunEventsIdempotent, selectRunEvents } from '../src/repositories/run-events.js';
import { selectRunById } from '../src/repositories/runs.js';
import { finishRunningRuns, type RunOutcomeValues } from '../src/repositories/runs-finish.js';
import { claimPendingRuns } from '../src/repositories/runs-lifecycle.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedBenchmark, seedRun, seedScenario } from './seed.js';

/** Text that needs quoting in SQL, JSON and array literals alike. */
const AWKWARD = 'a "quoted" \\ back\'slash, {braces}, NULL, ü and 🚀';

describeEachDatabase('fixed statements', (getDb) => {
  async function scenarioId() {
    const db = getDb();
    return (await seedScenario(db, (await seedAutomation(db)).id)).id;
  }

  /** Same keys and same values (Dates by instant) as the row Drizzle reads. */
  function expectSameRow(row: object | undefined, drizzleRow: object | undefined) {
    expect(row).toBeDefined();
    expect(Object.keys(row!).sort()).toEqual(Object.keys(drizzleRow!).sort());
    expect(row).toEqual(drizzleRow);
  }

  it('returns claimed runs exactly as Drizzle reads them', async () => {
    const db = getDb();
    const scenario = await scenarioId();
    const benchmark = await seedBenchmark(db, scenario);
    const plain = await seedRun(db, scenario, {
      inputs: { q: AWKWARD, n: [1, 2.5, null], deep: { ok: true } },
    });
    const scheduled = await seedRun(db, scenario, {
      benchmark_id: benchmark.id,
      intended_start_at: new Date('2026-01-02T03:04:05.678Z'),
      attempts: [{ attempt: 1, error_code: 'X' }],
      inputs: {},
    });
    const claimed = await claimPendingRuns(db.db, [scheduled.id, plain.id], 'worker-x');
    expect(claimed).toHaveLength(2);
    for (const row of claimed) {
      expect(row.started_at).toBeInstanceOf(Date);
      expectSameRow(row, await selectRunById(db.db, row.id));
    }
    expect(claimed.find((row) => row.id === plain.id)?.inputs).toEqual({
      q: AWKWARD,
      n: [1, 2.5, null],
      deep: { ok: true },
    });
  });

  it('returns finished runs exactly as Drizzle reads them, with JSON and nulls as given', async () => {
    const db = getDb();
    const run = await seedRun(db, await scenarioId(), { status: 'running' });
    const values: RunOutcomeValues = {
      status: 'failed',
      total_duration_ms: 1234.5678,
      time_to_started_ms: null,
      time_to_streaming_url_ms: 0.001,
      ttft_ms: null,
      inter_token_stats: null,
      steps: 3,
      heartbeats: 0,
      num_of_steps: null,
      server_duration_ms: null,
      event_loop_delay_ms: 1.5,
      error: AWKWARD,
      error_code: 'UPSTREAM_ERROR',
      http_status: 502,
      result_json: 'a bare JSON string',
      response_json: { body: AWKWARD, list: [true, false, null, 1e-7], empty: {} },
      assertions_passed: false,
      assertion_results: [],
      cost_usd: 0,
      provider_metrics: null,
      token_metrics: null,
      token_timeline: null,
      metric_definitions_version: 'tfbench-metrics/1',
      upstream_run_id: 'up-1',
    };
    const [finished] = await finishRunningRuns(db.db, [{ runId: run.id, values }]);
    expect(finished?.finished_at).toBeInstanceOf(Date);
    expectSameRow(finished, await selectRunById(db.db, run.id));
    expect(finished).toMatchObject({
      error: AWKWARD,
      result_json: 'a bare JSON string',
      response_json: values.response_json,
      time_to_started_ms: null,
      upstream_run_id: 'up-1',
      tinyfish_run_id: null,
    });
  });

  it('stores events as given, and skips those stored already', async () => {
    const db = getDb();
    const run = await seedRun(db, await scenarioId(), { status: 'running' });
    const events: NewRunEvent[] = [
      { run_id: run.id, seq: 1, type: 'STARTED', at_ms: 0, payload: null },
      {
        run_id: run.id,
        seq: 2,
        type: AWKWARD,
        at_ms: 12.345678901234567,
        server_timestamp: new Date('2026-03-04T05:06:07.089Z'),
        payload: { text: AWKWARD, nested: [{ a: 1 }, 'b', null], n: -0.5 },
      },
      { run_id: run.id, seq: 3, type: 'PROGRESS', at_ms: 20, payload: 'just text' },
    ];
    await insertRunEventsIdempotent(db.db, events);
    // A retried batch, with one new event: only the new one is added.
    await insertRunEventsIdempotent(db.db, [
      ...events,
      { run_id: run.id, seq: 4, type: 'COMPLETE', at_ms: 30, payload: { done: true } },
    ]);
    const stored = await selectRunEvents(db.db, run.id);
    expect(stored.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    for (const [i, event] of events.entries()) {
      expect(stored[i]).toMatchObject({ ...event, server_timestamp: event.server_timestamp ?? null });
    }
  });

  it('reads the locked benchmark exactly as Drizzle reads it', async () => {
    const db = getDb();
    const benchmark = await seedBenchmark(db, await scenarioId());
    const locked = await db.db.transaction((tx) => selectBenchmarkForUpdate(tx, benchmark.id));
    expectSameRow(locked, await selectBenchmarkById(db.db, benchmark.id));
    expect(await db.db.transaction((tx) => selectBenchmarkForUpdate(tx, benchmark.id + 1))).toBeUndefined();
  });

  it('is prepared once per connection under its name on PostgreSQL', async () => {
    const db = getDb();
    const run = await seedRun(db, await scenarioId());
    const prepared = await db.withAdvisoryLock(1, async (connection) => {
      await claimPendingRuns(connection, [run.id], 'worker-x');
      await claimPendingRuns(connection, [run.id], 'worker-x');
      return queryRows<{ name: string }>(connection, sql`select name from pg_prepared_statements`);
    });
    // PGlite takes no statement names: there the text is simply run.
    if (db.kind === 'postgres') expect(prepared.map((row) => row.name)).toContain('runs_claim_pending');
    expect((await selectRunById(db.db, run.id))?.status).toBe('running');
  });

  it('runs inside the caller transaction: a rollback undoes the write', async () => {
    const db = getDb();
    const run = await seedRun(db, await scenarioId());
    const rolledBack = new Error('roll back');
    await expect(
      db.db.transaction(async (tx) => {
        expect(await claimPendingRuns(tx, [run.id], 'worker-x')).toHaveLength(1);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await selectRunById(db.db, run.id))?.status).toBe('pending');
  });
});

it('refuses one statement name for two texts', () => {
  fixedStatement('test_fixed_statement', 'select 1');
  expect(() => fixedStatement('test_fixed_statement', 'select 1')).not.toThrow();
  expect(() => fixedStatement('test_fixed_statement', 'select 2')).toThrow(/names another text/);
});
