/**
 * Claims and upstream-identity writes batched across the runs of one process, on both
 * databases: every run claimed once, duplicates and finished runs refused, identities merged
 * per run with the first value winning.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { type NewRunEvent, type Run, run_rollups, type Scenario } from '../src/db/schema.js';
import { BatchedRunWrites } from '../src/engine/batched-run-writes.js';
import { type FinishedRunFacts, finishedRunColumns } from '../src/engine/outcome-columns.js';
import { silentLogger } from '../src/queue/index.js';
import { selectRunById, selectRunEvents, selectScenarioWithAutomation } from '../src/repositories/index.js';
import { isCompleteOutcome } from '../src/repositories/runs-finish.js';
import { ALL_SCENARIOS, markedByFinish, recordRunsInRollups, rollupsInFinish } from '../src/rollups/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

describeEachDatabase('batched run writes', (getDb) => {
  async function pendingRuns(count: number, values: Parameters<typeof seedRun>[2] = {}) {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    return Promise.all(Array.from({ length: count }, () => seedRun(db, scenario.id, values)));
  }

  it('claims runs asked for together, each for exactly one asker, and refuses the rest', async () => {
    const db = getDb();
    const runs = await pendingRuns(40);
    const done = await seedRun(db, runs[0]!.scenario_id, { status: 'completed' });
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    const rival = new BatchedRunWrites(db.db, 'worker-b');
    // Every run asked for twice in this process and once by another one, all at once.
    const asks = runs.flatMap((run) => [
      writes.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'a' })),
      writes.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'a' })),
      rival.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'b' })),
    ]);
    const answers = await Promise.all(asks);
    for (const run of runs) {
      const winners = answers.filter((a) => a.run === run.id && a.by);
      expect(winners, `run ${run.id}`).toHaveLength(1);
      const stored = await selectRunById(db.db, run.id);
      expect(stored).toMatchObject({
        status: 'running',
        executions: 1,
        worker_id: `worker-${winners[0]!.by}`,
      });
      expect(stored?.started_at).toBeInstanceOf(Date);
    }
    expect(await writes.claim(done.id)).toBeUndefined();
    expect((await selectRunById(db.db, done.id))?.status).toBe('completed');
  });

  it('stores identities learned in one batch together, first value winning, for running runs only', async () => {
    const db = getDb();
    const [a, b, c] = await pendingRuns(3, { status: 'running' });
    const finished = await seedRun(db, a!.scenario_id, { status: 'completed' });
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    await Promise.all([
      writes.recordIdentity({ run_id: a!.id, provider: 'tinyfish', upstream_run_id: 'tf-a' }),
      writes.recordIdentity({ run_id: a!.id, streaming_url: 'https://live/a' }),
      writes.recordIdentity({ run_id: b!.id, upstream_run_id: 'tf-b', streaming_url: 'https://live/b' }),
      writes.recordIdentity({ run_id: finished.id, upstream_run_id: 'tf-late' }),
    ]);
    // A later value for an identity already stored does not replace it.
    await writes.recordIdentity({
      run_id: b!.id,
      provider: 'openai',
      upstream_run_id: 'tf-other',
      streaming_url: 'https://live/other',
    });
    const stored = async (id: number) => {
      const run = await selectRunById(db.db, id);
      return {
        provider: run?.provider,
        upstream_run_id: run?.upstream_run_id,
        tinyfish_run_id: run?.tinyfish_run_id,
        streaming_url: run?.streaming_url,
      };
    };
    // The API's tinyfish_run_id is the upstream id of TinyFish runs only.
    expect(await stored(a!.id)).toEqual({
      provider: 'tinyfish',
      upstream_run_id: 'tf-a',
      tinyfish_run_id: 'tf-a',
      streaming_url: 'https://live/a',
    });
    expect(await stored(b!.id)).toEqual({
      provider: 'openai',
      upstream_run_id: 'tf-b',
      tinyfish_run_id: null,
      streaming_url: 'https://live/b',
    });
    const nothing = { provider: null, upstream_run_id: null, tinyfish_run_id: null, streaming_url: null };
    expect(await stored(c!.id)).toEqual(nothing);
    expect(await stored(finished.id)).toEqual(nothing);
  });

  function outcome(run: Run, scenario: Scenario, facts: Partial<FinishedRunFacts> = {}) {
    const values = finishedRunColumns(
      {
        status: 'completed',
        metrics: { total_duration_ms: 120.5, ttft_ms: 40.25, steps: 2, inter_token_stats: null },
        error: null,
        provider: 'tinyfish',
        upstream_run_id: `tf-${run.id}`,
        cost_usd: 0.02,
        streaming_url: null,
        result: { answer: run.id },
        response_json: { status: 'COMPLETED' },
        metric_definitions: 'tfbench-metrics/1',
        ...facts,
      },
      run,
      scenario,
    );
    if (!isCompleteOutcome(values)) throw new Error('incomplete outcome');
    return values;
  }

  const eventsFor = (runId: number, count: number): NewRunEvent[] =>
    Array.from({ length: count }, (_, i) => ({ run_id: runId, seq: i + 1, type: 'PROGRESS', at_ms: i * 10 }));

  it('places a run’s start at its send instant to the nearest millisecond, with its exact lag', async () => {
    const db = getDb();
    const [run] = await pendingRuns(1, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, run!.scenario_id))!;
    const intended = new Date(1_765_000_000_000);
    for (const [sentAt, stored] of [
      [1_765_000_000_000.02, 1_765_000_000_000],
      [1_765_000_000_000.6, 1_765_000_000_001],
    ] as const) {
      const values = outcome({ ...run!, intended_start_at: intended }, scenario, {
        sent_at_epoch_ms: sentAt,
      });
      expect(values.actual_start_at?.getTime()).toBe(stored);
      expect(values.queue_wait_ms).toBeCloseTo(sentAt - intended.getTime(), 6);
    }
  });

  it('finishes runs that end together in one go: outcomes, events, and the first identity kept', async () => {
    const db = getDb();
    const runs = await pendingRuns(12, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, runs[0]!.scenario_id))!;
    const late = await seedRun(db, scenario.id, { status: 'cancelled' });
    const known = runs[0]!;
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    await writes.recordIdentity({ run_id: known.id, upstream_run_id: 'recorded-first' });
    const finished = await Promise.all([
      ...runs.map((run) => writes.finish(run.id, outcome(run, scenario), eventsFor(run.id, 3))),
      writes.finish(late.id, outcome(late, scenario), eventsFor(late.id, 2)),
    ]);
    expect(finished.slice(0, 12).map((run) => run?.status)).toEqual(Array(12).fill('completed'));
    // Finished elsewhere meanwhile: its outcome is not written, its events are kept.
    expect(finished[12]).toBeUndefined();
    expect((await selectRunById(db.db, late.id))?.status).toBe('cancelled');
    expect(await selectRunEvents(db.db, late.id)).toHaveLength(2);
    for (const run of runs) {
      const stored = await selectRunById(db.db, run.id);
      expect(stored).toMatchObject({
        status: 'completed',
        total_duration_ms: 120.5,
        ttft_ms: 40.25,
        steps: 2,
        result_json: { answer: run.id },
        response_json: { status: 'COMPLETED' },
        metric_definitions_version: 'tfbench-metrics/1',
        error: null,
        attempts: [],
        cost_usd: 0.02,
        provider: 'tinyfish',
        upstream_run_id: run.id === known.id ? 'recorded-first' : `tf-${run.id}`,
        tinyfish_run_id: run.id === known.id ? 'recorded-first' : `tf-${run.id}`,
      });
      expect(stored?.finished_at).toBeInstanceOf(Date);
      expect((await selectRunEvents(db.db, run.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
    }
  });

  it('writes each run on its own when the batch is refused, so only the bad outcome fails', async () => {
    const db = getDb();
    const runs = await pendingRuns(5, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, runs[0]!.scenario_id))!;
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    // A status the table's check constraint refuses poisons any statement it is in.
    const bad = runs[2]!;
    const results = await Promise.allSettled(
      runs.map((run) => {
        const values = outcome(run, scenario);
        return writes.finish(
          run.id,
          run === bad ? { ...values, status: 'exploded' as never } : values,
          eventsFor(run.id, 2),
        );
      }),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    for (const run of runs) {
      expect((await selectRunById(db.db, run.id))?.status).toBe(run === bad ? 'running' : 'completed');
    }
  });

  it('stores an outcome whose upstream text carries NUL characters, with them replaced', async () => {
    const db = getDb();
    const [run] = await pendingRuns(1, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, run!.scenario_id))!;
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    const values = outcome(run!, scenario, {
      status: 'failed',
      error: { code: 'UPSTREAM\u0000', message: 'bad\u0000news', http_status: 500 },
      result: { 'k\u0000': ['v\u0000'] },
    });
    const finished = await writes.finish(run!.id, values, []);
    expect(finished).toMatchObject({
      status: 'failed',
      error: 'bad\ufffdnews',
      error_code: 'UPSTREAM\ufffd',
      result_json: { 'k\ufffd': ['v\ufffd'] },
    });
  });

  it('adds the runs it finishes to the rollups in the same transaction, each once, warm-ups never', async () => {
    const db = getDb();
    const measured = await pendingRuns(6, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, measured[0]!.scenario_id))!;
    const warmup = await seedRun(db, scenario.id, { status: 'running', is_warmup: true });
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    writes.joinFinishTransaction(rollupsInFinish(silentLogger));
    const finished = await Promise.all(
      [...measured, warmup].map((run) => writes.finish(run.id, outcome(run, scenario), eventsFor(run.id, 2))),
    );
    expect(finished.slice(0, 6).every((run) => run !== undefined && markedByFinish(run))).toBe(true);
    expect(finished[6]!.rolled_up_at).toBeNull();
    for (const run of measured) {
      const stored = await selectRunById(db.db, run.id);
      expect(stored?.rolled_up_at?.getTime()).toBe(stored?.finished_at?.getTime());
    }
    const rollupRows = await db.db.select().from(run_rollups).where(eq(run_rollups.resolution, 'minute'));
    const completedIn = (scenarioId: number) =>
      rollupRows
        .filter((row) => row.scenario_id === scenarioId)
        .reduce((sum, row) => sum + row.completed_runs, 0);
    expect(completedIn(scenario.id)).toBe(6);
    expect(completedIn(ALL_SCENARIOS)).toBe(6);
    // The after-run path finds nothing left to add.
    expect(
      await recordRunsInRollups(
        { db },
        [...measured, warmup].map((run) => run.id),
      ),
    ).toBe(0);
  });

  it('keeps the outcomes and leaves the runs unmarked when the step in its transaction fails', async () => {
    const db = getDb();
    const runs = await pendingRuns(3, { status: 'running' });
    const { scenario } = (await selectScenarioWithAutomation(db.db, runs[0]!.scenario_id))!;
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    const real = rollupsInFinish(silentLogger);
    writes.joinFinishTransaction({
      ...real,
      apply: async (tx, finished) => {
        await real.apply(tx, finished);
        throw new Error('the rollups refused');
      },
    });
    const finished = await Promise.all(runs.map((run) => writes.finish(run.id, outcome(run, scenario), [])));
    expect(finished.map((run) => [run?.status, run?.rolled_up_at])).toEqual(
      Array(3).fill(['completed', null]),
    );
    for (const run of runs) {
      expect(await selectRunById(db.db, run.id)).toMatchObject({ status: 'completed', rolled_up_at: null });
    }
    // The step's own writes were undone with it: the after-run path adds the runs, once.
    expect(await db.db.select().from(run_rollups)).toHaveLength(0);
    expect(
      await recordRunsInRollups(
        { db },
        runs.map((run) => run.id),
      ),
    ).toBe(3);
  });
});
