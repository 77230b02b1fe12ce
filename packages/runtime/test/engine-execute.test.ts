/**
 * executeRun end to end on both databases: the in-process queue, the real TinyFish client
 * over loopback HTTP and a real mock TinyFish server.
 */
import { selectRunById } from '@tfbench/core/repositories';
import { triggerRun } from '@tfbench/core/services';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import {
  eventsOf,
  eventually,
  FAST_MODEL,
  seedReadmeScenario,
  startHarness,
  triggerAndDispatch,
  upstreamPosts,
  waitForRun,
} from './helpers.js';

describeEachDatabase('executeRun', (getDb) => {
  it('runs the README trigger example to completed with streaming metrics, cost and every event in order', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const scenarioId = await seedReadmeScenario(db);
    const created = await triggerAndDispatch(db, harness.engine, scenarioId);

    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('completed');
    expect(run.inputs).toEqual({
      model: 'gpt-4',
      temperature: 0.5,
      prompt: 'What is the capital of France?',
      max_tokens: 100,
    });
    expect(run.ttft_ms).toBeGreaterThan(0);
    expect(run.inter_token_stats).toMatchObject({ count: 3 });
    expect(run.steps).toBe(3);
    expect(run.total_duration_ms).toBeGreaterThanOrEqual(run.ttft_ms!);
    expect(run.queue_wait_ms).toBeGreaterThanOrEqual(0);
    expect(run.started_at!.getTime()).toBeGreaterThanOrEqual(run.created_at.getTime());
    expect(run.finished_at!.getTime()).toBeGreaterThanOrEqual(run.started_at!.getTime());
    expect(run.cost_usd).toBeCloseTo(3 * 0.016, 6);
    expect(run.tinyfish_run_id).toMatch(/\S/);
    expect(run.streaming_url).toMatch(/^https?:\/\//);
    expect(run.executions).toBe(1);
    expect(run.metric_definitions_version).toBe('tfbench-metrics/1');
    expect(run.error_code).toBeNull();
    expect(run.assertions_passed).toBeNull();

    // Every event the mock wrote is stored, in order, numbered 1..n without a gap.
    const truth = harness.mock.groundTruth(run.tinyfish_run_id!)!;
    const written = truth.events.filter((e) => e.written).map((e) => e.type);
    const stored = await eventsOf(db, run.id);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(stored.map((e) => e.type)).toEqual(written);
    expect(stored.map((e) => e.at_ms)).toEqual([...stored.map((e) => e.at_ms)].sort((a, b) => a - b));
    expect(upstreamPosts(harness.mock)).toBe(1);
  });

  it('stores the upstream run id and the live-view URL while the run is still in flight', async () => {
    const db = getDb();
    // STARTED and STREAMING_URL arrive together (they share one UPDATE), then a long step.
    const harness = await startHarness(db, {
      model: { ...FAST_MODEL, streaming_url_delay_ms: 0, steps: 1, step_delay_ms: 1_500 },
    });
    const created = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
    await eventually(async () => {
      const current = await selectRunById(db.db, created.id);
      return current?.tinyfish_run_id != null && current.streaming_url != null;
    });
    const midway = await selectRunById(db.db, created.id);
    expect(midway?.status).toBe('running');
    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('completed');
    expect(run.tinyfish_run_id).toBe(midway?.tinyfish_run_id);
    expect(run.streaming_url).toBe(midway?.streaming_url);
  });

  it("executes a job that names the run's benchmark, one that does not, and skips a finished or cancelled run", async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const run = () => triggerRun({ db }, { scenario_id: scenarioId, inputs_override: null });
    const named = await run();
    const older = await run();
    // Claimed without a read first (benchmark_id null: outside benchmarks) ...
    expect(await harness.engine.context.admitsWithoutRow(null)).toBe(true);
    await expect(harness.engine.executeRun(named.id, {}, { benchmark_id: null })).resolves.toMatchObject({
      kind: 'finished',
      run: { status: 'completed' },
    });
    // ... and read first, as jobs enqueued before benchmark_id existed are.
    await expect(harness.engine.executeRun(older.id)).resolves.toMatchObject({ kind: 'finished' });
    // A finished run named again, or one cancelled before its job ran, is left as it is.
    await expect(harness.engine.executeRun(named.id, {}, { benchmark_id: null })).resolves.toEqual({
      kind: 'skipped',
      status: 'completed',
    });
    const cancelled = await run();
    await harness.engine.cancelRun({ run_id: cancelled.id, reason: 'test' });
    await expect(harness.engine.executeRun(cancelled.id, {}, { benchmark_id: null })).resolves.toEqual({
      kind: 'skipped',
      status: 'cancelled',
    });
    expect(upstreamPosts(harness.mock)).toBe(2);
  });

  it('publishes the status changes and each PROGRESS with its purpose on the bus', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const run = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
    await waitForRun(db, run.id);
    const ours = harness.published.filter((d) => 'run_id' in d.event && d.event.run_id === run.id);
    await eventually(() => ours.some((d) => d.event.kind === 'run.status' && d.event.status === 'completed'));
    const statuses = ours.flatMap((d) => (d.event.kind === 'run.status' ? [d.event.status] : []));
    expect(statuses).toEqual(['running', 'completed']);
    const progress = ours.flatMap((d) =>
      d.event.kind === 'run.event' && d.event.type === 'PROGRESS' ? [d.event] : [],
    );
    expect(progress).toHaveLength(3);
    for (const event of progress) {
      expect(event.purpose).toMatch(/\S/);
      expect(event.scenario_id).toBe(run.scenario_id);
    }
    // The run's status events come before and after all of its step events.
    const kinds = ours.map((d) => d.event.kind);
    expect(kinds[0]).toBe('run.status');
    expect(kinds.at(-1)).toBe('run.status');
  });

  it('stores a failed upstream outcome with its error and no cost', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const scenarioId = await seedReadmeScenario(db);
    const created = await triggerAndDispatch(db, harness.engine, scenarioId, {
      mock: { outcome: 'FAILED', failure: { message: 'The site blocked the agent', code: 'site_blocked' } },
    });
    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/blocked/);
    expect(run.error_code).toMatch(/\S/);
    expect(run.cost_usd).toBe(0);
  });

  it('evaluates the scenario assertions into assertions_passed and assertion_results', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const passing = await seedReadmeScenario(db, { assertions: [{ type: 'max_steps', max: 10 }] });
    const failing = await seedReadmeScenario(db, { assertions: [{ type: 'max_steps', max: 1 }] });
    const [a, b] = await Promise.all([
      triggerAndDispatch(db, harness.engine, passing),
      triggerAndDispatch(db, harness.engine, failing),
    ]);
    const passed = await waitForRun(db, a.id);
    const failed = await waitForRun(db, b.id);
    expect(passed.status).toBe('completed');
    expect(passed.assertions_passed).toBe(true);
    expect(passed.assertion_results).toEqual([expect.objectContaining({ passed: true })]);
    expect(failed.status).toBe('completed');
    expect(failed.assertions_passed).toBe(false);
    expect(failed.assertion_results?.[0]?.message).toMatch(/\S/);
  });

  it('ends a run that exceeds its timeout_s as timeout and cancels it upstream', async () => {
    const db = getDb();
    const harness = await startHarness(db, {
      model: { started_delay_ms: 10, steps: 20, step_delay_ms: 200 },
    });
    const scenarioId = await seedReadmeScenario(db, { run_settings: { timeout_s: 0.5 } });
    const created = await triggerAndDispatch(db, harness.engine, scenarioId);
    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('timeout');
    expect(run.error_code).toMatch(/TIMEOUT/);
    await eventually(
      () => harness.mock.groundTruth(run.tinyfish_run_id!)?.status === 'CANCELLED',
      5_000,
      'upstream cancel',
    );
  });

  it('executes a run once when its job is delivered twice at the same time', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const created = await triggerAndDispatch(db, harness.engine, scenarioId);
    const [first, second] = await Promise.all([
      harness.engine.executeRun(created.id),
      harness.engine.executeRun(created.id),
    ]);
    expect([first.kind, second.kind].sort()).toEqual(['finished', 'skipped']);
    expect(upstreamPosts(harness.mock)).toBe(1);
    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('completed');
    expect(run.executions).toBe(1);
    // A third, late delivery (after the run finished) changes nothing.
    expect(await harness.engine.executeRun(created.id)).toEqual({ kind: 'skipped', status: 'completed' });
    expect(upstreamPosts(harness.mock)).toBe(1);
  });

  it('fails a run whose automation names a provider this worker does not have', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const scenarioId = await seedReadmeScenario(db);
    await db.db.execute((await import('drizzle-orm')).sql`update automations set provider = 'openai'`);
    const created = await triggerAndDispatch(db, harness.engine, scenarioId);
    const run = await waitForRun(db, created.id);
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('PROVIDER_UNAVAILABLE');
    expect(upstreamPosts(harness.mock)).toBe(0);
  });
});
