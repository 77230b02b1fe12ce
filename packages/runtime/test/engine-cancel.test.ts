/**
 * Cancelling single runs, and what a worker's shutdown does to the runs it holds.
 */
import { createEventBus } from '@tfbench/core/events';
import { createConcurrencyLimiter, createQueue, silentLogger } from '@tfbench/core/queue';
import { describeEachDatabase } from '@tfbench/core/testing';
import { NotFoundError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import { alertSettingsOf, wireEngine } from '../src/index.js';
import {
  eventsOf,
  eventually,
  seedReadmeScenario,
  startHarness,
  testConfig,
  triggerAndDispatch,
  upstreamPosts,
  waitForRun,
} from './helpers.js';

const SLOW = {
  started_delay_ms: 10,
  streaming_url_delay_ms: 10,
  steps: 40,
  step_delay_ms: 100,
  outcome: 'COMPLETED',
} as const;

describeEachDatabase('cancelling runs', (getDb) => {
  it('cancels a pending run at once, and its job later does nothing', async () => {
    const db = getDb();
    const harness = await startHarness(db, { worker: false });
    const created = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
    const result = await harness.engine.cancelRun({ run_id: created.id, reason: 'changed my mind' });
    expect(result.state).toBe('cancelled');
    expect(result.run).toMatchObject({
      status: 'cancelled',
      error_code: 'CANCELLED',
      cancel_reason: 'changed my mind',
    });
    expect(result.run.error).toMatch(/changed my mind/);
    expect(await harness.engine.executeRun(created.id)).toEqual({ kind: 'skipped', status: 'cancelled' });
    expect(upstreamPosts(harness.mock)).toBe(0);
  });

  it('cancels a running run: the provider cancels it upstream and the run stores the reason', async () => {
    const db = getDb();
    const harness = await startHarness(db, { model: SLOW });
    const created = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
    await eventually(async () => (await eventsOf(db, created.id)).some((e) => e.type === 'PROGRESS'));
    const result = await harness.engine.cancelRun({
      run_id: created.id,
      reason: 'user pressed stop',
      waitMs: 5_000,
    });
    expect(result.state).toBe('cancelled');
    expect(result.run.status).toBe('cancelled');
    expect(result.run.error_code).toBe('CANCELLED');
    expect(result.run.error).toMatch(/user pressed stop/);
    expect(result.run.error).toMatch(/upstream cancel: cancelled/);
    expect(harness.mock.groundTruth(result.run.tinyfish_run_id!)?.status).toBe('CANCELLED');
    // Cancelling again is harmless and says so.
    expect((await harness.engine.cancelRun({ run_id: created.id })).state).toBe('cancelled');
  });

  it('reaches the worker holding the run when the cancel comes from another engine (another process)', async () => {
    const db = getDb();
    const harness = await startHarness(db, { model: SLOW });
    // A second engine on the same database, as an API process would have: it holds nothing.
    const queue = createQueue({});
    const bus = await createEventBus({});
    const limiter = createConcurrencyLimiter({});
    const config = testConfig();
    const api = wireEngine({
      db,
      queue,
      bus,
      providers: {},
      limiter,
      config,
      logger: silentLogger,
      alerts: alertSettingsOf(config, null),
    });
    try {
      const created = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
      await eventually(async () => (await eventsOf(db, created.id)).some((e) => e.type === 'PROGRESS'));
      const requested = await api.cancelRun({ run_id: created.id, reason: 'from the API' });
      expect(requested.state).toBe('cancelling');
      const run = await waitForRun(db, created.id, (r) => r.status !== 'running', 5_000);
      expect(run.status).toBe('cancelled');
      expect(run.error).toMatch(/from the API/);
      expect(harness.mock.groundTruth(run.tinyfish_run_id!)?.status).toBe('CANCELLED');
    } finally {
      await api.close();
      await queue.close();
      await bus.close();
      await limiter.close();
    }
  });

  it('leaves a finished run as it is and answers 404 for an unknown one', async () => {
    const db = getDb();
    const harness = await startHarness(db);
    const created = await triggerAndDispatch(db, harness.engine, await seedReadmeScenario(db));
    await waitForRun(db, created.id);
    const result = await harness.engine.cancelRun({ run_id: created.id });
    expect(result).toMatchObject({ state: 'finished', run: { status: 'completed' } });
    await expect(harness.engine.cancelRun({ run_id: 999_999 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('on shutdown, lets short runs finish and cancels the rest upstream with the reason', async () => {
    const db = getDb();
    const harness = await startHarness(db, { model: SLOW });
    const scenarioId = await seedReadmeScenario(db);
    const long = await triggerAndDispatch(db, harness.engine, scenarioId);
    const short = await triggerAndDispatch(db, harness.engine, scenarioId, {
      mock: { ...SLOW, steps: 3, step_delay_ms: 50 },
    });
    await eventually(async () => (await eventsOf(db, long.id)).some((e) => e.type === 'PROGRESS'));
    await harness.engine.close();
    const closed = await harness.queue.close({ graceMs: 600, abortGraceMs: 3_000 });
    expect(closed.abandoned).toBe(0);
    const shortRun = await waitForRun(db, short.id, () => true);
    const longRun = await waitForRun(db, long.id, () => true);
    expect(shortRun.status).toBe('completed');
    expect(longRun.status).toBe('cancelled');
    expect(longRun.error_code).toBe('WORKER_SHUTDOWN');
    expect(longRun.error).toMatch(/shut down/);
    expect(harness.mock.groundTruth(longRun.tinyfish_run_id!)?.status).toBe('CANCELLED');
  });
});
