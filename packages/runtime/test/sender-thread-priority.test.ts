/**
 * The sender thread's priority: the calling thread alone gets the nice value (the process's
 * other threads keep theirs), a value the process may not take is reported with the reason
 * instead of failing, and the sender thread takes TFBENCH_SENDER_THREAD_NICE when it starts.
 * Read back from the kernel (/proc/<pid>/task/<tid>/stat), on real threads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { currentThreadId, type PriorityOutcome } from '../src/sender-thread/thread-priority.js';
import { openSenderThread } from '../src/sender-thread/threaded-providers.js';
import { testConfig } from './helpers.js';

/** A thread's nice value as the kernel has it: field 19 of its stat line. */
function niceOf(threadId: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${threadId}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count after it.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** setThreadNice(nice) on a thread of its own; what it returned, and the thread's id. */
async function niceInThread(
  nice: number,
): Promise<{ outcome: PriorityOutcome; threadId: number; seen: number }> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const module = new URL('../src/sender-thread/thread-priority.ts', import.meta.url).href;
  // Node 20 does not apply the parent's module hooks to a worker: it registers tsx itself.
  const code = `
    const { parentPort, workerData } = await import('node:worker_threads');
    (await import(${JSON.stringify(tsx)})).register();
    const { setThreadNice, currentThreadId } = await import(${JSON.stringify(module)});
    const outcome = setThreadNice(workerData);
    parentPort.postMessage({ outcome, threadId: currentThreadId() });
    // Stay alive until the parent has read the kernel's figure.
    parentPort.once('message', () => parentPort.close());`;
  const worker = new Worker(code, { eval: true, workerData: nice });
  try {
    const reply = await new Promise<{ outcome: PriorityOutcome; threadId: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return { ...reply, seen: niceOf(reply.threadId) };
  } finally {
    worker.postMessage('done');
    await worker.terminate();
  }
}

describe.skipIf(process.platform !== 'linux')('the sender thread priority', () => {
  const mainThread = currentThreadId() ?? 0;

  it("gives the calling thread the nice value, and the process's other threads keep theirs", async () => {
    const before = niceOf(mainThread);
    // A higher nice value than the process's is always allowed.
    const { outcome, threadId, seen } = await niceInThread(before + 3);
    expect(outcome).toEqual({ applied: true, nice: before + 3 });
    expect(threadId).not.toBe(mainThread);
    expect(seen).toBe(before + 3);
    expect(niceOf(mainThread)).toBe(before);
  });

  it('takes a value below 0 where the process may, and says why not where it may not', async () => {
    const { outcome, seen } = await niceInThread(-5);
    if (process.getuid?.() === 0) {
      expect(outcome).toEqual({ applied: true, nice: -5 });
      expect(seen).toBe(-5);
    } else if (!outcome.applied) {
      expect(outcome.reason).toMatch(/CAP_SYS_NICE or an RLIMIT_NICE of at least 25/);
      expect(seen).toBe(niceOf(mainThread));
    } else expect(seen).toBe(-5);
  });

  it('leaves the thread as it is for 0', async () => {
    const { outcome, seen } = await niceInThread(0);
    expect(outcome).toMatchObject({ applied: false, reason: 'TFBENCH_SENDER_THREAD_NICE is 0' });
    expect(seen).toBe(niceOf(mainThread));
  });

  it('starts the sender thread at TFBENCH_SENDER_THREAD_NICE', async () => {
    const threadsAt = (nice: number) =>
      readdirSync(`/proc/${process.pid}/task`).filter((id) => niceOf(Number(id)) === nice);
    const nice = niceOf(mainThread) + 4;
    expect(threadsAt(nice)).toEqual([]);
    const thread = await openSenderThread(
      {
        config: testConfig({ TFBENCH_SENDER_THREAD_NICE: String(nice) }),
        runningMocks: {},
        logLevel: 'silent',
      },
      pino({ level: 'silent' }),
    );
    try {
      expect(threadsAt(nice)).toHaveLength(1);
    } finally {
      await thread.close();
    }
    expect(threadsAt(nice)).toEqual([]);
  }, 60_000);
});
