/**
 * queueContract(): the behaviour every JobQueue adapter must show, run once per adapter.
 * Timings are asserted with tolerances and only as lower bounds (a backoff is at least its
 * delay), never as speed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  JobAbortError,
  JobPayloadError,
  type JobQueue,
  JobReturnedError,
  MAX_LENT_PER_SLOT,
  NonRetryableJobError,
  QueueUnavailableError,
} from '../src/queue/index.js';
import type { TestCatalogue } from './queue-test-catalogue.js';

export interface QueueContractTarget {
  name: string;
  /** A fresh queue on an isolated namespace (a unique Redis prefix for BullMQ). */
  open(): JobQueue<TestCatalogue>;
  /** Called after each test once the queues are closed (delete Redis keys). */
  cleanup?(): Promise<void>;
  /** Skip the whole suite (Redis unreachable outside CI). */
  skip?: boolean;
}

/** Poll until `check` passes or `timeoutMs` elapses. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function queueContract(target: QueueContractTarget): void {
  describe.skipIf(target.skip)(`queue contract [${target.name}]`, () => {
    const opened: JobQueue<TestCatalogue>[] = [];
    const open = (): JobQueue<TestCatalogue> => {
      const queue = target.open();
      opened.push(queue);
      return queue;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.close({ graceMs: 2_000, abortGraceMs: 500 })));
      await target.cleanup?.();
    });

    it('validates payloads and job ids against the catalogue and enqueues nothing invalid', async () => {
      const queue = open();
      await expect(queue.enqueue('test.echo', { n: 'one' } as never)).rejects.toBeInstanceOf(JobPayloadError);
      await expect(queue.enqueue('test.echo', { n: 1, extra: true } as never)).rejects.toBeInstanceOf(
        JobPayloadError,
      );
      await expect(queue.enqueue('test.unknown' as never, { n: 1 } as never)).rejects.toBeInstanceOf(
        JobPayloadError,
      );
      await expect(queue.enqueue('test.echo', { n: 1 }, { jobId: 'a:b' })).rejects.toBeInstanceOf(
        JobPayloadError,
      );
      await expect(queue.enqueue('test.echo', { n: 1 }, { jobId: '123' })).rejects.toBeInstanceOf(
        JobPayloadError,
      );
      await expect(queue.enqueue('test.echo', { n: 1 }, { delayMs: -1 })).rejects.toBeInstanceOf(
        JobPayloadError,
      );
      expect(await queue.counts('test.echo')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('hands the validated payload and the job context to the handler', async () => {
      const queue = open();
      const seen: {
        payload: unknown;
        jobId: string;
        attempt: number;
        maxAttempts: number;
        aborted: boolean;
      }[] = [];
      queue.process('test.echo', async (payload, context) => {
        seen.push({
          payload,
          jobId: context.jobId,
          attempt: context.attempt,
          maxAttempts: context.maxAttempts,
          aborted: context.signal.aborted,
        });
      });
      const { jobId } = await queue.enqueue('test.echo', { n: 7 }, { jobId: 'echo-7' });
      expect(jobId).toBe('echo-7');
      await eventually(() => seen.length === 1, 5_000, 'the job to run');
      expect(seen).toEqual([
        { payload: { n: 7 }, jobId: 'echo-7', attempt: 1, maxAttempts: 1, aborted: false },
      ]);
    });

    it('never runs more handlers of a name at once than its concurrency', async () => {
      const queue = open();
      for (let n = 0; n < 12; n++) await queue.enqueue('test.echo', { n });
      expect((await queue.counts('test.echo')).waiting).toBe(12);
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      queue.process(
        'test.echo',
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await sleep(40);
          running -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      await eventually(() => done === 12, 10_000, 'all 12 jobs');
      expect(maxRunning).toBe(3);
      expect(await queue.counts('test.echo')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('takes one more job while a handler lends its slot; taking it back waits for a free one', async () => {
      const queue = open();
      const started: number[] = [];
      const ended: number[] = [];
      let reclaimFirst: (signal?: AbortSignal) => Promise<void> = async () => {};
      const firstMayEnd = newGate();
      queue.process(
        'test.echo',
        async ({ n }, context) => {
          started.push(n);
          if (n === 0) {
            reclaimFirst = context.lendSlot();
            await firstMayEnd.opened;
          } else await sleep(300);
          ended.push(n);
        },
        { concurrency: 1 },
      );
      await queue.enqueue('test.echo', { n: 0 });
      await eventually(() => started.includes(0), 5_000, 'the first job');
      await queue.enqueue('test.echo', { n: 1 });
      await queue.enqueue('test.echo', { n: 2 });
      // The second job runs on the lent slot while the first waits.
      await eventually(() => started.includes(1), 5_000, 'a job on the lent slot');
      let back = false;
      const reclaimed = reclaimFirst().then(() => {
        back = true;
      });
      // The one slot is at work: the first job has it back once the second has ended.
      await sleep(50);
      expect({ back, ended }).toEqual({ back: false, ended: [] });
      await reclaimed;
      expect(ended).toEqual([1]);
      await reclaimFirst();
      // The first job holds its slot again: the third waits for it.
      await sleep(250);
      expect(started).toEqual([0, 1]);
      firstMayEnd.open();
      await eventually(() => ended.includes(2), 5_000, 'the third job, once the first ended');
      expect(ended).toEqual([1, 0, 2]);
    });

    it('tells a lending handler whether the name has handlers to spare', async () => {
      const queue = open();
      const idle = new Map<number, boolean>();
      const busyMayEnd = newGate();
      let busy = 0;
      queue.process(
        'test.echo',
        async ({ n }, context) => {
          if (n >= 10) {
            busy += 1;
            await busyMayEnd.opened;
            return;
          }
          context.lendSlot();
          idle.set(n, context.hasSpareHandlers());
        },
        { concurrency: 4 },
      );
      await queue.enqueue('test.echo', { n: 0 });
      await eventually(() => idle.has(0), 5_000, 'the first lending job');
      for (const n of [10, 11, 12]) await queue.enqueue('test.echo', { n });
      await eventually(() => busy === 3, 5_000, 'three jobs at work');
      await queue.enqueue('test.echo', { n: 1 });
      await eventually(() => idle.has(1), 5_000, 'the second lending job');
      busyMayEnd.open();
      // Alone: taking its slot back leaves three of four free. Beside three at work: none.
      expect(Object.fromEntries(idle)).toEqual({ 0: true, 1: false });
    });

    it('stops waiting to take a lent slot back when the signal aborts', async () => {
      const queue = open();
      const stop = new AbortController();
      const secondMayEnd = newGate();
      let secondStarted = false;
      let waited: number | undefined;
      queue.process(
        'test.echo',
        async ({ n }, context) => {
          if (n === 1) {
            secondStarted = true;
            await secondMayEnd.opened;
            return;
          }
          const reclaim = context.lendSlot();
          await eventually(() => secondStarted, 5_000, 'the second job');
          const from = Date.now();
          setTimeout(() => stop.abort(), 100);
          await reclaim(stop.signal);
          waited = Date.now() - from;
        },
        { concurrency: 1 },
      );
      try {
        await queue.enqueue('test.echo', { n: 0 });
        await queue.enqueue('test.echo', { n: 1 });
        await eventually(() => waited !== undefined, 5_000, 'the reclaim to give up');
        expect(waited).toBeGreaterThanOrEqual(90);
      } finally {
        secondMayEnd.open();
      }
    });

    it('lends at most MAX_LENT_PER_SLOT slots per slot, and takes back what an ended job lent', async () => {
      const queue = open();
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      let gate: { open(): void; opened: Promise<void> } = newGate();
      queue.process(
        'test.echo',
        async (_payload, context) => {
          context.lendSlot();
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await gate.opened;
          running -= 1;
          done += 1;
        },
        { concurrency: 1 },
      );
      const most = 1 + MAX_LENT_PER_SLOT;
      for (let n = 0; n < most + 3; n++) await queue.enqueue('test.echo', { n });
      await eventually(() => running === most, 10_000, `${most} jobs at once`);
      await sleep(250);
      expect(maxRunning).toBe(most);
      // They end without giving their slots back: ending gives them back.
      const first = gate;
      gate = newGate();
      first.open();
      await eventually(() => done === most && running === 3, 10_000, 'the last three jobs');
      for (let n = 0; n < most; n++) await queue.enqueue('test.echo', { n: 100 + n });
      await eventually(() => running === most, 10_000, `${most} jobs at once again`);
      gate.open();
      await eventually(() => done === 2 * most + 3, 10_000, 'every job');
      expect(maxRunning).toBe(most);
    });

    it('retries a failing job with the catalogue attempts and exponential backoff', async () => {
      const queue = open();
      const attempts: { attempt: number; at: number }[] = [];
      queue.process('test.flaky', async (_payload, context) => {
        attempts.push({ attempt: context.attempt, at: performance.now() });
        if (context.attempt < 3) throw new Error(`transient failure ${context.attempt}`);
      });
      await queue.enqueue('test.flaky', { key: 'eventually-succeeds' });
      await eventually(() => attempts.length === 3, 10_000, 'three attempts');
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = attempts;
      // Backoff 150 ms, then 300 ms (exponential); a little slack for timer granularity.
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(140);
      expect(third!.at - second!.at).toBeGreaterThanOrEqual(290);
    });

    it('gives up after the last attempt and keeps processing other jobs (a throwing handler)', async () => {
      const queue = open();
      const calls: string[] = [];
      queue.process('test.flaky', async ({ key }) => {
        calls.push(key);
        if (key === 'always-fails') throw new Error('permanent failure');
      });
      await queue.enqueue('test.flaky', { key: 'always-fails' });
      await eventually(
        () => calls.filter((k) => k === 'always-fails').length === 3,
        10_000,
        'three attempts',
      );
      await queue.enqueue('test.flaky', { key: 'fine' });
      await eventually(() => calls.includes('fine'), 5_000, 'the next job');
      // Backoff before a 4th attempt would be 600 ms: wait longer than that.
      await sleep(800);
      expect(calls.filter((k) => k === 'always-fails')).toHaveLength(3);
      expect(await queue.counts('test.flaky')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('does not retry a NonRetryableJobError', async () => {
      const queue = open();
      let calls = 0;
      queue.process('test.flaky', async () => {
        calls += 1;
        throw new NonRetryableJobError('the run no longer exists');
      });
      await queue.enqueue('test.flaky', { key: 'gone' });
      await eventually(() => calls === 1, 5_000, 'the attempt');
      await sleep(400);
      expect(calls).toBe(1);
      expect(await queue.counts('test.flaky')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('dedupes by job id while a job is live, and frees the id once it finished', async () => {
      const queue = open();
      await queue.enqueue('test.echo', { n: 1 }, { jobId: 'same' });
      await queue.enqueue('test.echo', { n: 2 }, { jobId: 'same' });
      await queue.enqueue('test.keyed', { id: 5 });
      const second = await queue.enqueue('test.keyed', { id: 5 });
      expect(second.jobId).toBe('keyed-5');
      expect((await queue.counts('test.echo')).waiting).toBe(1);
      expect((await queue.counts('test.keyed')).waiting).toBe(1);
      const echoed: number[] = [];
      const keyed: number[] = [];
      queue.process('test.echo', async ({ n }) => {
        echoed.push(n);
      });
      queue.process('test.keyed', async ({ id }) => {
        keyed.push(id);
      });
      await eventually(() => echoed.length === 1 && keyed.length === 1, 5_000, 'both jobs');
      expect(echoed).toEqual([1]);
      await eventually(
        async () => (await queue.counts('test.echo')).active === 0,
        5_000,
        'the job to finish',
      );
      await queue.enqueue('test.echo', { n: 3 }, { jobId: 'same' });
      await eventually(() => echoed.length === 2, 5_000, 'the re-enqueued job');
      expect(echoed).toEqual([1, 3]);
    });

    it('enqueueMany adds each job as enqueue would (ids, dedupe, delays), and nothing when one payload is invalid', async () => {
      const queue = open();
      await expect(
        queue.enqueueMany('test.echo', [{ payload: { n: 1 } }, { payload: { n: 'x' } as never }]),
      ).rejects.toBeInstanceOf(JobPayloadError);
      expect((await queue.counts('test.echo')).waiting).toBe(0);
      await queue.enqueue('test.keyed', { id: 1 });
      const added = await queue.enqueueMany('test.keyed', [
        { payload: { id: 1 } },
        { payload: { id: 2 } },
        { payload: { id: 3 }, options: { delayMs: 60_000 } },
      ]);
      expect(added.map((a) => a.jobId)).toEqual(['keyed-1', 'keyed-2', 'keyed-3']);
      expect(await queue.counts('test.keyed')).toMatchObject({ waiting: 2, delayed: 1 });
      const seen: number[] = [];
      queue.process('test.keyed', async ({ id }) => {
        seen.push(id);
      });
      await eventually(() => seen.length === 2, 5_000, 'the two due jobs');
      expect(seen.sort()).toEqual([1, 2]);
      expect(await queue.enqueueMany('test.keyed', [])).toEqual([]);
    });

    it('runs a delayed job no earlier than its delay', async () => {
      const queue = open();
      let ranAt: number | undefined;
      queue.process('test.echo', async () => {
        ranAt = performance.now();
      });
      const enqueuedAt = performance.now();
      await queue.enqueue('test.echo', { n: 1 }, { delayMs: 400 });
      expect(await queue.counts('test.echo')).toMatchObject({ delayed: 1, waiting: 0 });
      await eventually(() => ranAt !== undefined, 5_000, 'the delayed job');
      expect(ranAt! - enqueuedAt).toBeGreaterThanOrEqual(390);
    });

    it('aborts an attempt that outlives the catalogue timeout and retries it', async () => {
      const queue = open();
      const reasons: unknown[] = [];
      queue.process('test.slow', async (_payload, { signal, attempt }) => {
        if (attempt === 2) return;
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        reasons.push(signal.reason);
      });
      await queue.enqueue('test.slow', { label: 'hangs once' });
      await eventually(() => reasons.length === 1, 5_000, 'the timeout');
      expect(reasons[0]).toBeInstanceOf(JobAbortError);
      expect((reasons[0] as JobAbortError).kind).toBe('timeout');
      await eventually(
        async () =>
          (await queue.counts('test.slow')).active + (await queue.counts('test.slow')).delayed === 0,
        5_000,
        'the retry to finish',
      );
    });

    it('close waits for in-flight handlers, then refuses new jobs', async () => {
      const queue = open();
      let started = false;
      let finished = false;
      queue.process('test.echo', async () => {
        started = true;
        await sleep(400);
        finished = true;
      });
      await queue.enqueue('test.echo', { n: 1 });
      await eventually(() => started, 5_000, 'the handler to start');
      expect(queue.isHealthy()).toBe(true);
      const result = await queue.close({ graceMs: 5_000 });
      expect(finished).toBe(true);
      expect(result).toEqual({ abandoned: 0 });
      expect(queue.isHealthy()).toBe(false);
      await expect(queue.enqueue('test.echo', { n: 2 })).rejects.toBeInstanceOf(QueueUnavailableError);
    });

    it('while close drains, in-flight handlers can still enqueue (their follow-up work); once drained, enqueue fails', async () => {
      const queue = open();
      let followUp: 'queued' | unknown;
      let started = false;
      queue.process('test.echo', async ({ n }) => {
        if (n !== 1) return;
        started = true;
        await sleep(300);
        followUp = await queue.enqueue('test.keyed', { id: 2 }).then(
          () => 'queued',
          (error: unknown) => error,
        );
      });
      await queue.enqueue('test.echo', { n: 1 });
      // The handler itself must be running: BullMQ counts a job active a moment before it calls
      // the handler, and a job closed in that moment is handed back rather than drained.
      await eventually(() => started, 5_000, 'the handler');
      const closing = queue.close({ graceMs: 5_000 });
      expect(queue.isHealthy()).toBe(false);
      expect(await closing).toEqual({ abandoned: 0 });
      expect(followUp).toBe('queued');
      await expect(queue.enqueue('test.keyed', { id: 3 })).rejects.toBeInstanceOf(QueueUnavailableError);
    });

    it('pause: nothing new starts here, in-flight handlers go on, enqueue keeps working', async () => {
      const queue = open();
      const started: number[] = [];
      let finished = false;
      queue.process(
        'test.echo',
        async ({ n }) => {
          started.push(n);
          if (n === 1) {
            await sleep(300);
            finished = true;
          }
        },
        { concurrency: 2 },
      );
      await queue.enqueue('test.echo', { n: 1 });
      await eventually(() => started.length === 1, 5_000, 'the first handler');
      await queue.pause();
      await queue.enqueue('test.echo', { n: 2 });
      await eventually(() => finished, 5_000, 'the in-flight handler to finish');
      await sleep(300);
      expect(started).toEqual([1]);
      expect(await queue.counts('test.echo')).toMatchObject({ waiting: 1, active: 0 });
    });

    it('a job its handler returns (JobReturnedError) comes back as the same attempt, not as a failure', async () => {
      const queue = open();
      const attempts: number[] = [];
      queue.process('test.flaky', async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (attempts.length === 1) throw new JobReturnedError('not here, not now');
      });
      await queue.enqueue('test.flaky', { key: 'returned' });
      await eventually(() => attempts.length === 2, 5_000, 'the job to come back');
      expect(attempts).toEqual([1, 1]);
    });

    it('past the grace period, close aborts handlers with reason shutdown and counts the ones that ignore it', async () => {
      const queue = open();
      const reasons: unknown[] = [];
      let stubbornRunning = false;
      queue.process(
        'test.echo',
        async ({ n }, { signal }) => {
          if (n === 1) {
            await new Promise<void>((resolve) =>
              signal.addEventListener('abort', () => resolve(), { once: true }),
            );
            reasons.push(signal.reason);
            return;
          }
          stubbornRunning = true;
          await sleep(2_500);
          stubbornRunning = false;
        },
        { concurrency: 2 },
      );
      await queue.enqueue('test.echo', { n: 1 });
      await queue.enqueue('test.echo', { n: 2 });
      await eventually(
        async () => (await queue.counts('test.echo')).active === 2 && stubbornRunning,
        5_000,
        'both handlers',
      );
      const result = await queue.close({ graceMs: 100, abortGraceMs: 300 });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(JobAbortError);
      expect((reasons[0] as JobAbortError).kind).toBe('shutdown');
      expect(result).toEqual({ abandoned: 1 });
    });
  });
}

/** A promise that settles when `open()` is called. */
function newGate(): { open(): void; opened: Promise<void> } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
