/**
 * SlotLending on its own: what it tells its queue (the number lent out) and when a reclaim
 * resolves, step by step. The queue contract runs it inside both adapters.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LENT_PER_SLOT, SlotLending, SPARE_HANDLER_SHARE } from '../src/queue/slot-lending.js';

function lendingOf(concurrency: number) {
  const told: number[] = [];
  const lending = new SlotLending(concurrency, (lent) => told.push(lent));
  return { lending, told, lent: () => told.at(-1) ?? 0 };
}

/** One slot: a job lent it, and another job now works in it. */
function lentWhileAnotherWorks() {
  const { lending, lent } = lendingOf(1);
  const job = lending.forJob();
  const reclaim = job.lend();
  const worker = lending.forJob();
  return { lending, lent, job, reclaim, worker };
}

/** Whether `promise` has settled after the microtasks queued so far. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('SlotLending', () => {
  it('lends a slot and takes it back at once while a handler is free', async () => {
    const { lending, lent } = lendingOf(2);
    const job = lending.forJob();
    const reclaim = job.lend();
    expect(lent()).toBe(1);
    expect(lending.working).toBe(0);
    await reclaim();
    expect(lent()).toBe(0);
    expect(lending.working).toBe(1);
    // Taking it back again changes nothing.
    await reclaim();
    expect(lent()).toBe(0);
  });

  it('makes a reclaim wait while every handler is at work, first come first served', async () => {
    const { lending, lent } = lendingOf(1);
    const first = lending.forJob();
    const second = lending.forJob();
    const reclaimFirst = first.lend();
    const reclaimSecond = second.lend();
    const worker = lending.forJob();
    expect(lending.working).toBe(1);
    const firstBack = reclaimFirst();
    const secondBack = reclaimSecond();
    expect(await settled(firstBack)).toBe(false);
    expect(lent()).toBe(2);
    worker.end();
    expect(await settled(firstBack)).toBe(true);
    expect(await settled(secondBack)).toBe(false);
    expect(lent()).toBe(1);
    first.end();
    expect(await settled(secondBack)).toBe(true);
    expect(lent()).toBe(0);
  });

  it('gives a slot lent while a reclaim waits to that reclaim, not to a new job', async () => {
    const { lending, lent, reclaim, worker } = lentWhileAnotherWorks();
    const back = reclaim();
    expect(await settled(back)).toBe(false);
    worker.lend();
    expect(await settled(back)).toBe(true);
    expect(lent()).toBe(1);
    expect(lending.working).toBe(1);
  });

  it('lends one slot per job: lending again while it is out returns the same reclaim', async () => {
    const { lending, lent } = lendingOf(1);
    const job = lending.forJob();
    const reclaim = job.lend();
    expect(job.lend()).toBe(reclaim);
    expect(lent()).toBe(1);
    await reclaim();
    expect(lent()).toBe(0);
    job.lend();
    expect(lent()).toBe(1);
  });

  it('gives back what an ending job lent, and lets its waiting reclaim go', async () => {
    const { lent, job, reclaim } = lentWhileAnotherWorks();
    const back = reclaim();
    expect(await settled(back)).toBe(false);
    expect(lent()).toBe(1);
    job.end();
    expect(await settled(back)).toBe(true);
    expect(lent()).toBe(0);
  });

  it('stops waiting when the signal aborts, the slot still lent', async () => {
    const { lent, job, reclaim } = lentWhileAnotherWorks();
    const stop = new AbortController();
    const back = reclaim(stop.signal);
    expect(await settled(back)).toBe(false);
    stop.abort();
    expect(await settled(back)).toBe(true);
    expect(lent()).toBe(1);
    job.end();
    expect(lent()).toBe(0);
  });

  it(`has handlers to spare while one more at work leaves ${SPARE_HANDLER_SHARE * 100} % of the concurrency free`, async () => {
    const { lending } = lendingOf(4);
    const jobs = [lending.forJob(), lending.forJob(), lending.forJob()];
    const reclaims = jobs.map((job) => job.lend());
    // Taking a slot back with none, one or two of four at work leaves one free at least.
    expect(jobs[0]!.hasSpareHandlers()).toBe(true);
    await reclaims[0]!();
    await reclaims[1]!();
    expect(jobs[2]!.hasSpareHandlers()).toBe(true);
    await reclaims[2]!();
    // Three at work: a fourth would leave none.
    const fourth = lending.forJob();
    expect(fourth.hasSpareHandlers()).toBe(false);
    fourth.end();
    jobs[2]!.end();
    expect(jobs[0]!.hasSpareHandlers()).toBe(true);
    // A concurrency of one has no handler to spare.
    expect(lendingOf(1).lending.forJob().hasSpareHandlers()).toBe(false);
  });

  it(`lends at most ${MAX_LENT_PER_SLOT} slots per slot of concurrency`, async () => {
    const { lending, lent } = lendingOf(2);
    const jobs = Array.from({ length: 2 * MAX_LENT_PER_SLOT + 5 }, () => lending.forJob());
    const reclaims = jobs.map((job) => job.lend());
    expect(lent()).toBe(2 * MAX_LENT_PER_SLOT);
    // The ones past the bound lent nothing: taking nothing back resolves at once.
    await reclaims.at(-1)?.();
    expect(lent()).toBe(2 * MAX_LENT_PER_SLOT);
    for (const job of jobs) job.end();
    expect(lent()).toBe(0);
  });
});
