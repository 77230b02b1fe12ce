/**
 * Crash safety without killing anything yet (worker-process.int.test.ts kills real
 * processes): runs left `running` by a holder that stopped, as the table shows them after a
 * crash, are retried when they never reached upstream and reconciled when they did.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import {
  insertRun,
  insertRunEventsIdempotent,
  selectRunById,
  updateRunById,
} from '@tfbench/core/repositories';
import { triggerRun } from '@tfbench/core/services';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import {
  type EngineHarness,
  eventsOf,
  FAST_MODEL,
  seedReadmeScenario,
  sleep,
  startHarness,
  upstreamPosts,
  waitForRun,
} from './helpers.js';

/** The row a SIGKILLed worker leaves behind: running, last heartbeat long ago. */
async function orphanedRun(
  db: DatabaseHandle,
  scenarioId: number,
  values: { upstream_run_id?: string | null; cancel_requested_at?: Date; cancel_reason?: string } = {},
) {
  const longAgo = new Date(Date.now() - 60_000);
  return insertRun(db.db, {
    scenario_id: scenarioId,
    status: 'running',
    inputs: { prompt: 'What is the capital of France?' },
    started_at: longAgo,
    heartbeat_at: longAgo,
    worker_id: 'dead-host:1:abcdef',
    executions: 1,
    dispatched_at: longAgo,
    provider: values.upstream_run_id ? 'tinyfish' : null,
    ...values,
  });
}

/** Start a run on the mock directly, as the dead worker did before it died. */
async function upstreamRun(
  harness: EngineHarness,
  mock: Record<string, unknown> = FAST_MODEL,
): Promise<string> {
  const response = await fetch(`${harness.mock.url}/v1/automation/run-async`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ goal: 'What is the capital of France?', mock }),
  });
  const body = (await response.json()) as { run_id: string };
  return body.run_id;
}

function getRequests(harness: EngineHarness, upstreamId: string): number {
  return harness.mock
    .requests()
    .filter((r) => r.method === 'GET' && r.path === `/v1/runs/${encodeURIComponent(upstreamId)}`).length;
}

describeEachDatabase('recovering runs whose worker stopped', (getDb) => {
  it('executes a run that never reached upstream again, from a clean timeline', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const orphan = await orphanedRun(db, scenarioId);
    await insertRunEventsIdempotent(db.db, [
      { run_id: orphan.id, seq: 1, type: 'RETRY', at_ms: 1, payload: {} },
    ]);

    const result = await harness.engine.executeRun(orphan.id);
    expect(result.kind).toBe('finished');
    const run = await waitForRun(db, orphan.id);
    expect(run.status).toBe('completed');
    expect(run.executions).toBe(3); // the dead worker's, the take-over, the new claim
    expect(run.worker_id).toBe(harness.engine.context.settings.workerId);
    expect(upstreamPosts(harness.mock)).toBe(1);
    const events = await eventsOf(db, run.id);
    expect(events[0]?.type).toBe('STARTED');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('reconciles a run that reached upstream with GET /v1/runs/{id} instead of posting it again', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db, { run_settings: { poll_interval_ms: 50 } });
    const upstreamId = await upstreamRun(harness, { ...FAST_MODEL, steps: 4, step_delay_ms: 100 });
    const orphan = await orphanedRun(db, scenarioId, { upstream_run_id: upstreamId });
    // What the dead worker had stored before it died.
    await insertRunEventsIdempotent(db.db, [
      {
        run_id: orphan.id,
        seq: 1,
        type: 'STARTED',
        at_ms: 21.5,
        payload: { type: 'STARTED', run_id: upstreamId },
      },
      {
        run_id: orphan.id,
        seq: 2,
        type: 'PROGRESS',
        at_ms: 150.25,
        payload: { type: 'PROGRESS', purpose: 'Open' },
      },
    ]);

    await harness.engine.executeRun(orphan.id);
    const run = await waitForRun(db, orphan.id);
    expect(run.status).toBe('completed');
    expect(run.result_json).not.toBeNull();
    expect(run.ttft_ms).toBe(150.25);
    expect(run.time_to_started_ms).toBe(21.5);
    // The end of the run was never seen by a client: no invented figures.
    expect(run.total_duration_ms).toBeNull();
    expect(run.inter_token_stats).toBeNull();
    expect(run.num_of_steps).toBe(4);
    expect(run.cost_usd).toBeCloseTo(4 * 0.016, 6);
    expect(upstreamPosts(harness.mock)).toBe(1); // the dead worker's POST only
    expect(getRequests(harness, upstreamId)).toBeGreaterThanOrEqual(1);
  });

  it('marks the run failed with WORKER_LOST when the upstream does not know its id', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const orphan = await orphanedRun(db, scenarioId, { upstream_run_id: 'run_that_does_not_exist' });
    await harness.engine.executeRun(orphan.id);
    const run = await waitForRun(db, orphan.id);
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('WORKER_LOST');
    expect(run.error).toMatch(/run_that_does_not_exist/);
    expect(upstreamPosts(harness.mock)).toBe(0);
  });

  it('cancels upstream a run whose cancel was requested while its worker was dead', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const upstreamId = await upstreamRun(harness, { ...FAST_MODEL, steps: 50, step_delay_ms: 200 });
    const orphan = await orphanedRun(db, scenarioId, {
      upstream_run_id: upstreamId,
      cancel_requested_at: new Date(),
      cancel_reason: 'user pressed stop',
    });
    await harness.engine.executeRun(orphan.id);
    const run = await waitForRun(db, orphan.id);
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatch(/user pressed stop/);
    expect(harness.mock.groundTruth(upstreamId)?.status).toBe('CANCELLED');
  });

  it('leaves a run alone while its holder is alive (fresh heartbeat)', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const scenarioId = await seedReadmeScenario(db);
    const held = await orphanedRun(db, scenarioId);
    await updateRunById(db.db, held.id, { heartbeat_at: new Date(Date.now() + 60_000) });
    const signal = AbortSignal.timeout(400);
    const result = await harness.engine.executeRun(held.id, { signal });
    expect(result).toEqual({ kind: 'skipped', status: 'running' });
    expect((await selectRunById(db.db, held.id))?.worker_id).toBe('dead-host:1:abcdef');
    expect(upstreamPosts(harness.mock)).toBe(0);
  });

  it('at start-up on the embedded database, recovers running runs at once and queues pending ones again', async () => {
    const db = getDb();
    const scenarioId = await seedReadmeScenario(db);
    const running = await orphanedRun(db, scenarioId);
    // Its heartbeat looks fresh: the process died a moment ago. Only an exclusive database
    // (PGlite) lets start-up treat it as orphaned at once.
    await updateRunById(db.db, running.id, { heartbeat_at: new Date() });
    const pending = await triggerRun({ db }, { scenario_id: scenarioId });
    const harness = await startHarness(db, { exclusiveDatabase: true });
    expect((await waitForRun(db, running.id)).status).toBe('completed');
    expect((await waitForRun(db, pending.id)).status).toBe('completed');
    expect(upstreamPosts(harness.mock)).toBe(2);
  });

  it('the reconciler queues a pending run that has no job', async () => {
    const db = getDb();
    const harness = await startHarness(db, { settings: { reconcileMinAgeMs: 0 } });
    const scenarioId = await seedReadmeScenario(db);
    // Stored but never handed to the queue (the process died between the two steps).
    const lost = await triggerRun({ db }, { scenario_id: scenarioId });
    const report = await harness.engine.reconcile();
    expect(report.requeued).toBe(1);
    expect((await waitForRun(db, lost.id)).status).toBe('completed');
    // The next pass finds nothing missing.
    expect(await harness.engine.reconcile()).toEqual({ requeued: 0, orphaned: 0 });
  });

  it('looks for orphans between full passes: a running run with no job of its own is taken over within a third of a lock', async () => {
    const db = getDb();
    // A full pass a minute apart, orphans every 100 ms (a third of the lock in production).
    const harness = await startHarness(db, {
      settings: { reconcileIntervalMs: 60_000, heartbeatIntervalMs: 100 },
    });
    const scenarioId = await seedReadmeScenario(db);
    // Past the first pass (a full one) and the start-up recovery.
    await sleep(300);
    // As a run handed over from job to job leaves it when its worker dies: running, stale,
    // and no job in the queue for the stalled check to hand back.
    const orphan = await orphanedRun(db, scenarioId);
    const run = await waitForRun(db, orphan.id, undefined, 10_000);
    expect(run.status).toBe('completed');
    expect(run.worker_id).toBe(harness.engine.context.settings.workerId);
    expect(upstreamPosts(harness.mock)).toBe(1);
  });
});
