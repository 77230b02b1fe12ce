/**
 * The BullMQ adapter on a real Redis: the shared contract, plus what only Redis can show —
 * failing fast when Redis is down, and a SIGKILLed worker process's job delivered again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, type JobQueue, QueueUnavailableError } from '../src/queue/index.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../src/testing/index.js';
import { eventually, queueContract } from './queue-contract.js';
import { type TestCatalogue, testCatalogue } from './queue-test-catalogue.js';
import { redisContractSuite, unreachableRedis } from './redis-suite.js';

const redis = await redisContractSuite('queue');
const redisReady = redis.ready;

queueContract({
  name: 'bullmq',
  ...redis.contract,
  open: () => createQueue({ ...redis.connection(), catalogue: testCatalogue }),
});

describe('bullmq queue with Redis unreachable', () => {
  it('rejects enqueue within a second with QueueUnavailableError and reports unhealthy', async () => {
    const queue = createQueue({ ...unreachableRedis(), catalogue: testCatalogue });
    try {
      const started = performance.now();
      const error = await queue.enqueue('test.echo', { n: 1 }).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect((error as QueueUnavailableError).httpStatus).toBe(503);
      expect((error as QueueUnavailableError).code).toBe('SERVICE_UNAVAILABLE');
      expect((error as Error).message).toMatch(/job queue is unavailable: Redis is not connected/);

      expect(elapsed).toBeLessThan(1_000);
      expect(queue.isHealthy()).toBe(false);
      await expect(queue.counts('test.echo')).rejects.toBeInstanceOf(QueueUnavailableError);
    } finally {
      await queue.close({ graceMs: 100 });
    }
  });
});

describe.skipIf(!redisReady)('bullmq queue after its Redis connections are killed', () => {
  let queue: JobQueue<TestCatalogue> | undefined;
  const prefix = uniqueRedisPrefix('killconn');

  afterEach(async () => {
    await queue?.close({ graceMs: 1_000 });
    await deleteRedisKeys(prefix);
  });

  it('fails fast while reconnecting, then accepts and processes jobs again', async () => {
    queue = createQueue({ redisUrl: TEST_REDIS_URL, prefix, catalogue: testCatalogue });
    const processed: number[] = [];
    queue.process('test.echo', async ({ n }) => {
      processed.push(n);
    });
    await queue.enqueue('test.echo', { n: 1 });
    await eventually(() => processed.length === 1, 5_000, 'the first job');

    // CLIENT KILL on every connection of this queue: what a Redis restart looks like to it.
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const clients = (await admin.client('LIST')) as string;
      const ours = clients.split('\n').filter((line) => / name=\S*/.exec(line)?.[0].includes(prefix));
      expect(ours.length).toBeGreaterThanOrEqual(2);
      for (const line of ours) await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    } finally {
      admin.disconnect();
    }

    // A caller retrying after 503s, as the API's clients do.
    const failures: unknown[] = [];
    await eventually(
      async () => {
        try {
          await queue!.enqueue('test.echo', { n: 2 });
          return true;
        } catch (error) {
          failures.push(error);
          return false;
        }
      },
      10_000,
      'enqueue to succeed again',
    );
    for (const failure of failures) expect(failure).toBeInstanceOf(QueueUnavailableError);
    await eventually(() => processed.length === 2, 10_000, 'the worker to take jobs again');
    expect(processed).toEqual([1, 2]);
    expect(queue.isHealthy()).toBe(true);
  });
});

describe.skipIf(!redisReady)('bullmq queue: a worker that stops hands its work on to another', () => {
  const queues: JobQueue<TestCatalogue>[] = [];
  let prefix = '';
  const open = () => {
    const queue = createQueue({ redisUrl: TEST_REDIS_URL, prefix, catalogue: testCatalogue });
    queues.push(queue);
    return queue;
  };

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close({ graceMs: 1_000, abortGraceMs: 200 })));
    await deleteRedisKeys(prefix);
  });

  it('the follow-up job of a closing worker, and a job queued while it closes, reach the other worker at once as first attempts', async () => {
    prefix = uniqueRedisPrefix('handover');
    const stopping = open();
    const staying = open();
    const stoppingSaw: number[] = [];
    stopping.process(
      'test.echo',
      async ({ n }) => {
        stoppingSaw.push(n);
        if (n !== 1) return;
        // Mid-shutdown, its end hands the next piece of work to the queue (a benchmark's next run).
        await sleep(500);
        await stopping.enqueue('test.echo', { n: 2 });
      },
      { concurrency: 4 },
    );
    await stopping.enqueue('test.echo', { n: 1 });
    await eventually(() => stoppingSaw.length === 1, 5_000, 'the first job');
    const closing = stopping.close({ graceMs: 5_000 });
    // A job queued while it closes goes elsewhere too.
    await staying.enqueue('test.echo', { n: 3 });
    const received: { n: number; attempt: number; at: number }[] = [];
    const closeStarted = Date.now();
    staying.process(
      'test.echo',
      async ({ n }, { attempt }) => {
        received.push({ n, attempt, at: Date.now() - closeStarted });
      },
      { concurrency: 4 },
    );
    expect(await closing).toEqual({ abandoned: 0 });
    await eventually(() => received.length === 2, 5_000, 'both jobs at the staying worker');
    expect(received.map(({ n, attempt }) => ({ n, attempt })).sort((a, b) => a.n - b.n)).toEqual([
      { n: 2, attempt: 1 },
      { n: 3, attempt: 1 },
    ]);
    expect(Math.max(...received.map((r) => r.at))).toBeLessThan(3_000);
    expect(stoppingSaw).toEqual([1]);
  });
});

describe.skipIf(!redisReady)('bullmq queue across processes', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let child: ChildProcess | undefined;
  let queue: JobQueue<TestCatalogue> | undefined;
  let prefix = '';

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue?.close({ graceMs: 1_000, abortGraceMs: 200 });
    await deleteRedisKeys(prefix);
  });

  it("delivers a SIGKILLed worker's active job again to another worker", async () => {
    prefix = uniqueRedisPrefix('kill');
    // Short locks so the stall is detected in about a second instead of BullMQ's 30-60 s.
    const locks = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(here, 'queue-fixtures', 'hanging-worker.ts'),
        TEST_REDIS_URL,
        prefix,
        JSON.stringify(locks),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const childStarted = new Promise<string>((resolve, reject) => {
      let output = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /started (\S+) attempt (\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child!.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    });
    childStarted.catch(() => {});
    queue = createQueue({ redisUrl: TEST_REDIS_URL, prefix, catalogue: testCatalogue, ...locks });
    await queue.enqueue('test.echo', { n: 42 }, { jobId: 'survives-a-crash' });
    expect(await childStarted).toBe('survives-a-crash');

    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const redelivered: { n: number; jobId: string }[] = [];
    queue.process('test.echo', async ({ n }, { jobId }) => {
      redelivered.push({ n, jobId });
    });
    await eventually(() => redelivered.length === 1, 15_000, 'the job to be delivered again');
    expect(redelivered).toEqual([{ n: 42, jobId: 'survives-a-crash' }]);
  });
});
