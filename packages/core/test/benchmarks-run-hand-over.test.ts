/**
 * RunHandOver: the runs a step dispatches go to the jobs of this process waiting for one, in
 * order, one each; runs replacing announced ends are held briefly for their jobs; everything
 * else goes to the queue. A step may claim one run per waiting job as it dispatches them;
 * those go to the jobs, never to the hold.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPECT_MS, HOLD_MS, RunHandOver } from '../src/benchmarks/run-hand-over.js';
import type { Run } from '../src/db/schema.js';

const due = (...ids: number[]) => ids.map((runId) => ({ runId, delayMs: 0 }));

describe('RunHandOver', () => {
  let clock = 0;
  beforeEach(() => {
    clock = 1_000;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const handOver = (enabled = true) =>
    new RunHandOver(
      () => enabled,
      () => clock,
    );
  const claimed = (id: number) => ({ id, status: 'running' }) as Run;

  it('gives each waiting job one run, in order, and leaves the rest for the queue', async () => {
    const hand = handOver();
    const first = hand.waitForRun(1, 10);
    const second = hand.waitForRun(1, 11);
    const { now, later } = hand.handOut(1, due(20, 21, 22));
    expect(await first.handed).toEqual({ runId: 20 });
    expect(await second.handed).toEqual({ runId: 21 });
    expect(first.withdraw()).toEqual({ runId: 20 });
    expect(second.withdraw()).toEqual({ runId: 21 });
    expect(now.map((run) => run.runId)).toEqual([22]);
    await vi.runAllTimersAsync();
    expect(await later).toEqual([]);
    expect(hand.size).toEqual({ waitingJobs: 0, heldRuns: 0 });
  });

  it('gives nothing to another benchmark, and never a run with a delay', () => {
    const hand = handOver();
    const other = hand.waitForRun(2, 10);
    const mine = hand.waitForRun(1, 11);
    const { now } = hand.handOut(1, [{ runId: 20, delayMs: 500 }]);
    expect(now.map((run) => run.runId)).toEqual([20]);
    expect(other.withdraw()).toBeUndefined();
    expect(mine.withdraw()).toBeUndefined();
  });

  it('holds a run for an announced end until its job comes', async () => {
    const hand = handOver();
    hand.expectTaker(1, 10);
    const { now, later } = hand.handOut(1, due(20));
    expect(now).toEqual([]);
    expect(hand.size.heldRuns).toBe(1);
    clock += HOLD_MS / 2;
    const taker = hand.waitForRun(1, 10);
    expect(await taker.handed).toEqual({ runId: 20 });
    expect(taker.withdraw()).toEqual({ runId: 20 });
    await vi.advanceTimersByTimeAsync(HOLD_MS);
    // Taken, so nothing is left for the queue.
    expect(await later).toEqual([]);
  });

  it('enqueues a held run whose job did not come within HOLD_MS, and holds no more runs than ends announced', async () => {
    const hand = handOver();
    hand.expectTaker(1, 10);
    const { now, later } = hand.handOut(1, due(20, 21));
    expect(now.map((run) => run.runId)).toEqual([21]);
    await vi.advanceTimersByTimeAsync(HOLD_MS);
    expect((await later).map((run) => run.runId)).toEqual([20]);
    // A job that comes afterwards finds nothing held.
    const late = hand.waitForRun(1, 10);
    expect(late.withdraw()).toBeUndefined();
  });

  it('holds nothing for an end announced too long ago, or whose job will not come', () => {
    const hand = handOver();
    hand.expectTaker(1, 10);
    clock += EXPECT_MS + 1;
    expect(hand.handOut(1, due(20)).now.map((run) => run.runId)).toEqual([20]);
    hand.expectTaker(1, 11);
    hand.notComing(1, 11);
    expect(hand.handOut(1, due(21)).now.map((run) => run.runId)).toEqual([21]);
    expect(hand.size).toEqual({ waitingJobs: 0, heldRuns: 0 });
  });

  it('a job that withdrew gets nothing later', () => {
    const hand = handOver();
    const taker = hand.waitForRun(1, 10);
    expect(taker.withdraw()).toBeUndefined();
    expect(hand.handOut(1, due(20)).now.map((run) => run.runId)).toEqual([20]);
    expect(taker.withdraw()).toBeUndefined();
  });

  it('hands nothing over, and holds nothing, while it is not enabled (other workers are live)', async () => {
    const hand = handOver(false);
    const waiting = hand.waitForRun(1, 10);
    hand.expectTaker(1, 11);
    const { now, later } = hand.handOut(1, due(20, 21));
    expect(now.map((run) => run.runId)).toEqual([20, 21]);
    expect(waiting.withdraw()).toBeUndefined();
    await vi.runAllTimersAsync();
    expect(await later).toEqual([]);
  });

  it('claims ahead one run per waiting job, for its worker, and only while enabled', () => {
    expect(handOver().claimAhead(1)).toBeUndefined();
    let enabled = true;
    const hand = new RunHandOver(
      () => enabled,
      () => clock,
      'worker-a',
    );
    expect(hand.claimAhead(1)).toBeUndefined();
    hand.waitForRun(1, 10);
    hand.waitForRun(1, 11);
    hand.waitForRun(2, 12);
    expect(hand.claimAhead(1)).toEqual({ workerId: 'worker-a', count: 2 });
    expect(hand.claimAhead(2)).toEqual({ workerId: 'worker-a', count: 1 });
    enabled = false;
    expect(hand.claimAhead(1)).toBeUndefined();
  });

  it('gives claimed runs to waiting jobs with their rows, and never holds one no job took', async () => {
    const hand = handOver();
    const taker = hand.waitForRun(1, 10);
    hand.expectTaker(1, 11);
    const { now, later } = hand.handOut(1, [
      { runId: 20, delayMs: 0, claimed: claimed(20) },
      { runId: 21, delayMs: 0, claimed: claimed(21) },
    ]);
    expect(await taker.handed).toEqual({ runId: 20, claimed: claimed(20) });
    // The announced job would have taken an unclaimed run from the hold; a claimed one is the
    // caller's to give back at once.
    expect(now.map((run) => run.runId)).toEqual([21]);
    expect(hand.size.heldRuns).toBe(0);
    await vi.runAllTimersAsync();
    expect(await later).toEqual([]);
  });

  it('leaves claimed runs to the caller while it is not enabled', () => {
    const hand = handOver(false);
    const waiting = hand.waitForRun(1, 10);
    const { now } = hand.handOut(1, [{ runId: 20, delayMs: 0, claimed: claimed(20) }]);
    expect(now.map((run) => run.claimed?.id)).toEqual([20]);
    expect(waiting.withdraw()).toBeUndefined();
  });
});
