/**
 * Worker processes on PostgreSQL and Redis, killed and stopped for real: a SIGKILLed worker's
 * run is taken over (retried if it never reached upstream, reconciled with GET /v1/runs/{id}
 * if it did, never posted twice); SIGTERM lets short runs finish, cancels the rest upstream
 * with the reason and exits within 30 s; a second signal exits at once; a cancel made in
 * another process reaches the worker holding the run.
 */
import { deleteRedisKeys, requirePostgres, requireRedis } from '@tfbench/core/testing';
import { describe, expect, it } from 'vitest';
import {
  completingRun,
  hasProgress,
  runEnded,
  runOf,
  SECRET_KEY,
  startBlackHole,
  trigger,
  upstreamPosts,
  waitUntil,
  workerProcessSuite,
} from './helpers.js';

const ready = (await requirePostgres()) && (await requireRedis());

/** 10 steps of 200 ms: long enough to kill the worker in the middle. */
const MEDIUM = completingRun(10, 200);
const LONG = completingRun(60, 200);
const SHORT = completingRun(3, 100);

describe.skipIf(!ready)('worker processes', () => {
  const suite = workerProcessSuite(11, MEDIUM);
  const { start } = suite;

  it('SIGKILL mid-run after the first PROGRESS: another worker reconciles it upstream, with ONE upstream POST', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    // Debug logs: the most a worker ever says, and still never the API key.
    const doomed = await start(world.env({ LOG_LEVEL: 'debug' }));
    const run = await trigger(api, scenarioId);
    await waitUntil(() => hasProgress(api, run.id), Boolean, 15_000, 'the first PROGRESS');
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    expect((await runOf(api, run.id)).status).toBe('running');

    // The worker that picks the job up (BullMQ's stalled check, lock 1 s in this test).
    await world.runtime('worker');
    const settled = await waitUntil(
      () => runOf(api, run.id),
      (r) => r.status !== 'running',
      15_000,
      'recovery',
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const finished = await runEnded(api, run.id, 15_000, 'the outcome');
    expect(settled.status === 'running').toBe(false);
    expect(finished.status).toBe('completed');
    expect(finished.executions).toBe(2);
    expect(finished.ttft_ms).toEqual(expect.any(Number)); // measured by the dead worker, kept
    expect(finished.num_of_steps).toBe(10);
    expect(upstreamPosts(suite.mock)).toBe(1);
    const polls = suite.mock
      .requests()
      .filter((r) => r.method === 'GET' && r.path === `/v1/runs/${finished.tinyfish_run_id}`);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(doomed.output()).not.toContain(SECRET_KEY);
  });

  it('SIGKILL before the upstream answered: the run never reached upstream and is retried, still ONE upstream POST', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    const blackHole = await startBlackHole();
    try {
      const doomed = await start(world.env({ TINYFISH_BASE_URL: blackHole.url }));
      const run = await trigger(api, scenarioId);
      await waitUntil(
        async () => blackHole.requests(),
        (n) => n === 1,
        15_000,
        'the request to leave',
      );
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(await runOf(api, run.id)).toMatchObject({ status: 'running', tinyfish_run_id: null });

      await world.runtime('worker');
      const finished = await runEnded(api, run.id, 20_000, 'the retry');
      expect(finished.status).toBe('completed');
      expect(finished.executions).toBe(3); // the dead worker, the take-over, the fresh claim
      expect(upstreamPosts(suite.mock)).toBe(1);
      expect(blackHole.requests()).toBe(1);
    } finally {
      await blackHole.close();
    }
  });

  it('SIGTERM: stops taking jobs, lets short runs finish, cancels the rest upstream with the reason, exits within 30 s', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    const worker = await start(world.env({ WORKER_SHUTDOWN_GRACE_S: '2' }));
    suite.mock.configure(LONG);
    const long = [await trigger(api, scenarioId), await trigger(api, scenarioId)];
    for (const run of long)
      await waitUntil(() => hasProgress(api, run.id), Boolean, 15_000, 'long runs to start');
    suite.mock.configure(SHORT);
    const short = await trigger(api, scenarioId);
    await waitUntil(
      () => runOf(api, short.id),
      (r) => r.status === 'running',
      15_000,
      'the short run to start',
    );

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    // A run created after the signal is not taken by the stopping worker.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await trigger(api, scenarioId);
    const exit = await worker.exited;
    const took = Date.now() - signalledAt;
    expect(exit.code).toBe(0);
    expect(took).toBeLessThan(30_000);

    expect((await runOf(api, short.id)).status).toBe('completed');
    for (const run of long) {
      const stored = await runOf(api, run.id);
      expect(stored.status).toBe('cancelled');
      expect(stored.error_code).toBe('WORKER_SHUTDOWN');
      expect(stored.error).toMatch(/shut down/);
      expect(suite.mock.groundTruth(stored.tinyfish_run_id!)?.status).toBe('CANCELLED');
    }
    expect((await runOf(api, late.id)).status).toBe('pending');
  });

  it('a second signal exits at once, without waiting for the grace period', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    const worker = await start(world.env({ WORKER_SHUTDOWN_GRACE_S: '25' }));
    suite.mock.configure(LONG);
    const run = await trigger(api, scenarioId);
    await waitUntil(() => hasProgress(api, run.id), Boolean, 15_000, 'the run to start');
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
  });

  it('a cancel made in another process reaches the worker holding the run, which cancels it upstream', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    await start(world.env());
    suite.mock.configure(LONG);
    const run = await trigger(api, scenarioId);
    await waitUntil(() => hasProgress(api, run.id), Boolean, 15_000, 'the run to start');
    const result = await api.engine.cancelRun({
      run_id: run.id,
      reason: 'stopped from the API',
      waitMs: 5_000,
    });
    expect(result.state).toBe('cancelled');
    expect(result.run.error_code).toBe('CANCELLED');
    expect(result.run.error).toMatch(/stopped from the API/);
    expect(suite.mock.groundTruth(result.run.tinyfish_run_id!)?.status).toBe('CANCELLED');
  });

  it('Redis losing its data: a starting worker queues the pending runs again from the runs table', async () => {
    const { world, api, scenarioId } = await suite.createWorldWithScenario();
    const runs = [
      await trigger(api, scenarioId),
      await trigger(api, scenarioId),
      await trigger(api, scenarioId),
    ];
    // No worker yet: the jobs wait in Redis. Then Redis restarts without persistence.
    await deleteRedisKeys(world.prefix);
    await start(world.env());
    for (const run of runs) {
      const finished = await runEnded(api, run.id, 20_000, 'the run');
      expect(finished.status).toBe('completed');
    }
    expect(upstreamPosts(suite.mock)).toBe(3);
  });

  it('refuses to start without REDIS_URL, saying why', async () => {
    const world = await suite.createWorld();
    const env = world.env();
    delete env.REDIS_URL;
    const worker = suite.spawn(env);
    expect((await worker.exited).code).toBe(1);
    expect(worker.output()).toMatch(/REDIS_URL is not set/);
  });
});
