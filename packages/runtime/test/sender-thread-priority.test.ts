/**
 * The sender thread's priority: the calling thread alone gets a nice value (the process's
 * other threads keep theirs), a value the process may not take is reported with the reason,
 * and the sender thread is raised while a run waits for its send instant and goes back to
 * the process's priority once no such run is left. Read back from the kernel
 * (/proc/<pid>/task/<tid>/stat), on real threads, against the mock TinyFish server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentThreadId, type PriorityOutcome } from '../src/sender-thread/thread-priority.js';
import { openSenderThread } from '../src/sender-thread/threaded-providers.js';
import { FAST_MODEL, testConfig } from './helpers.js';

/** A thread's nice value as the kernel has it: field 19 of its stat line. */
function niceOf(threadId: number | string): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${threadId}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count after it.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

const threadsAt = (nice: number) =>
  readdirSync(`/proc/${process.pid}/task`).filter((id) => niceOf(id) === nice);

/** setThreadNice(nice) on a thread of its own; what it returned, and what the kernel has. */
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
  const own = niceOf(mainThread);
  /** Whether this process may lower a nice value (root here and on CI). */
  const privileged = process.getuid?.() === 0;
  let mock: MockTinyFish;

  beforeAll(async () => {
    mock = await startMockTinyFish({ seed: 3, model: FAST_MODEL });
  });
  afterAll(async () => {
    await mock.close();
  });

  it("gives the calling thread the nice value, and the process's other threads keep theirs", async () => {
    // A higher nice value than the process's is always allowed.
    const { outcome, threadId, seen } = await niceInThread(own + 3);
    expect(outcome).toEqual({ applied: true, nice: own + 3 });
    expect(threadId).not.toBe(mainThread);
    expect(seen).toBe(own + 3);
    expect(niceOf(mainThread)).toBe(own);
  });

  it("takes a value below the process's where it may, and says why not where it may not", async () => {
    const { outcome, seen } = await niceInThread(own - 5);
    if (privileged) {
      expect(outcome).toEqual({ applied: true, nice: own - 5 });
      expect(seen).toBe(own - 5);
    } else if (!outcome.applied) {
      expect(outcome.reason).toMatch(/needs CAP_SYS_NICE or an RLIMIT_NICE of at least/);
      expect(seen).toBe(own);
    }
  });

  it('raises the sender thread while a run waits for its send instant, and lowers it once no such run is left', async () => {
    const raised = own - 4;
    const local = createTinyFishProvider({ baseUrl: mock.url, mock: true, eventLoopSampler: null });
    const thread = await openSenderThread(
      {
        config: testConfig({ TFBENCH_SENDER_THREAD_NICE: String(raised) }),
        runningMocks: { tinyfish: mock.url },
        logLevel: 'silent',
      },
      pino({ level: 'silent' }),
    );
    try {
      const threaded = thread.wrap(local);
      const inputs = { url: 'https://example.com', goal: 'Find the price', mock: FAST_MODEL };
      // A run without a send instant (a closed loop's) leaves it alone.
      expect((await threaded.execute({ inputs })).status).toBe('completed');
      expect(threadsAt(raised)).toEqual([]);

      const timed = threaded.execute({ inputs, sendAt: Date.now() + 1_500 });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(threadsAt(raised)).toHaveLength(privileged ? 1 : 0);
      expect((await timed).status).toBe('completed');
      // Released as the run ended, before its outcome reached this thread.
      expect(threadsAt(raised)).toEqual([]);
    } finally {
      await thread.close();
      await local.close();
    }
  }, 60_000);
});
