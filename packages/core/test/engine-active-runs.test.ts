/** The runs a process holds: each run's stop switch, its cancel and its job's stop. */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainAbort } from '../src/engine/abort-reason.js';
import { ActiveRuns, RunCancelRequest } from '../src/engine/active-runs.js';
import { JobAbortError } from '../src/queue/index.js';
import { openTestDatabase, type TestDatabase } from '../src/testing/index.js';

describe('ActiveRuns.hold', () => {
  let database: TestDatabase;
  let runs: ActiveRuns;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    // Intervals far beyond the test: no heartbeat or cancel query runs.
    runs = new ActiveRuns(database.handle.db, console, {
      workerId: 'w-test',
      heartbeatIntervalMs: 600_000,
      cancelPollIntervalMs: 600_000,
    });
  });
  afterAll(async () => {
    await runs.stop();
    await database.dispose();
  });

  it("aborts the run's signal when its job's does, and says it was the job", () => {
    const job = new AbortController();
    const held = runs.hold(1, job.signal);
    expect(held.signal.aborted).toBe(false);
    job.abort(new JobAbortError('timeout', 'the job outlived its deadline'));
    expect(held.signal.aborted).toBe(true);
    expect(explainAbort(held.signal, job.signal)).toMatchObject({ status: 'timeout', code: 'JOB_TIMEOUT' });
    held.release();

    const stopping = new AbortController();
    stopping.abort();
    const late = runs.hold(2, stopping.signal);
    expect(late.signal.aborted).toBe(true);
    expect(explainAbort(late.signal, stopping.signal)).toMatchObject({ code: 'WORKER_SHUTDOWN' });
    late.release();
  });

  it('keeps a cancel a cancel when the job stops after it', () => {
    const job = new AbortController();
    const held = runs.hold(3, job.signal);
    expect(runs.abort(3, 'no longer needed')).toBe(true);
    job.abort();
    expect(held.signal.reason).toBeInstanceOf(RunCancelRequest);
    expect(explainAbort(held.signal, job.signal)).toMatchObject({
      status: 'cancelled',
      code: 'CANCELLED',
      message: 'cancelled: no longer needed',
    });
    held.release();
  });

  it("leaves nothing on the job's signal once its runs are released", () => {
    // A job's signal lives for the whole chain of runs the job executes.
    const job = new AbortController();
    for (let runId = 100; runId < 1_100; runId++) runs.hold(runId, job.signal).release();
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
    expect(runs.size).toBe(0);
    const held = runs.hold(5, job.signal);
    held.release();
    job.abort();
    expect(held.signal.aborted).toBe(false);
  });

  it('without a job, only a cancel stops the run', () => {
    const held = runs.hold(6);
    expect(explainAbort(held.signal, undefined)).toBeNull();
    runs.abort(6, 'user');
    expect(explainAbort(held.signal, undefined)).toMatchObject({ code: 'CANCELLED' });
    held.release();
  });
});
