/**
 * The run's one deadline timer: phases replace each other, activity postpones the idle
 * budget, the total budget holds without any phase, and stop observers are told once.
 * Real timers with budgets of tens of ms; bounds are generous because the machine is shared.
 */

import { performanceClock } from '@tfbench/provider-kit/timing';
import { describe, expect, it } from 'vitest';
import { RunContext, type StopObserver } from '../src/run/context.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the context's stop instant once it stops (polls; the stop is the subject). */
async function stopped(ctx: RunContext, limitMs = 5000): Promise<number> {
  const until = performanceClock.now() + limitMs;
  while (!ctx.stopped && performanceClock.now() < until) await sleep(2);
  if (!ctx.stopped) throw new Error('the context never stopped');
  return ctx.stoppedAt as number;
}

/**
 * Waits for the context to stop, checks that it timed out with `code` (and `message` when
 * given), and returns the stop instant. The context is disposed whatever the outcome.
 */
async function timedOut(ctx: RunContext, code: string, message?: string): Promise<number> {
  try {
    const at = await stopped(ctx);
    expect(ctx.reason).toEqual({ kind: 'timeout', code, message: message ?? expect.any(String) });
    return at;
  } finally {
    ctx.dispose();
  }
}

describe('RunContext deadlines', () => {
  it('replaces one phase budget by the next, and times out on the one in force', async () => {
    const ctx = new RunContext(performanceClock, 60_000, undefined);
    const start = performanceClock.now();
    ctx.beginPhase('CONNECT_TIMEOUT', 5_000, start);
    expect(ctx.currentPhase).toBe('CONNECT_TIMEOUT');
    ctx.beginPhase('HEADERS_TIMEOUT', 40, start);
    const at = await timedOut(ctx, 'HEADERS_TIMEOUT', 'no response headers from TinyFish within 40 ms');
    expect(at - start).toBeGreaterThanOrEqual(40);
  });

  it('keeps only the total budget once a phase ends', async () => {
    const ctx = new RunContext(performanceClock, 150, undefined);
    const start = performanceClock.now();
    ctx.beginPhase('CONNECT_TIMEOUT', 30, start);
    ctx.endPhase();
    expect(ctx.currentPhase).toBeNull();
    // With the connect phase over its 30 ms budget is gone; only the 150 ms total applies.
    const at = await timedOut(ctx, 'TOTAL_TIMEOUT');
    expect(at - start).toBeGreaterThanOrEqual(150);
  });

  it('starts the idle budget again at every touch, and stops once the touches end', async () => {
    const ctx = new RunContext(performanceClock, 60_000, undefined);
    ctx.beginPhase('IDLE_TIMEOUT', 60, performanceClock.now());
    let lastTouch = performanceClock.now();
    for (let i = 0; i < 10; i++) {
      await sleep(20);
      lastTouch = performanceClock.now();
      ctx.touch(lastTouch);
    }
    // 200 ms passed in all, well over the 60 ms budget, yet no gap reached it.
    expect(ctx.stopped).toBe(false);
    const at = await timedOut(ctx, 'IDLE_TIMEOUT', 'no stream event for 60 ms');
    expect(at - lastTouch).toBeGreaterThanOrEqual(60);
  });

  it('enforces the total budget with no phase at all once armed', async () => {
    const ctx = new RunContext(performanceClock, 50, undefined);
    ctx.ensureArmed();
    await timedOut(ctx, 'TOTAL_TIMEOUT', 'the run exceeded its total budget of 50 ms');
  });

  it('does not fire when disposed first', async () => {
    const ctx = new RunContext(performanceClock, 30, undefined);
    ctx.ensureArmed();
    ctx.dispose();
    await sleep(80);
    expect(ctx.stopped).toBe(false);
  });
});

describe('RunContext stop', () => {
  function observer(): StopObserver & { calls: number } {
    return {
      calls: 0,
      runStopped() {
        this.calls++;
      },
    };
  }

  it('tells each subscribed observer once, not the unsubscribed ones, and late ones at once', () => {
    const ctx = new RunContext(performanceClock, 60_000, undefined);
    const kept = observer();
    const dropped = observer();
    ctx.subscribe(kept);
    ctx.subscribe(dropped);
    ctx.unsubscribe(dropped);
    ctx.stop({ kind: 'abort' });
    ctx.stop({ kind: 'timeout', code: 'TOTAL_TIMEOUT', message: 'later reasons lose' });
    expect(kept.calls).toBe(1);
    expect(dropped.calls).toBe(0);
    expect(ctx.reason).toEqual({ kind: 'abort' });
    const late = observer();
    ctx.subscribe(late);
    expect(late.calls).toBe(1);
    ctx.dispose();
  });

  it('aborts its signal whether it was asked for before or after the stop', () => {
    const early = new RunContext(performanceClock, 60_000, undefined);
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.stop({ kind: 'abort' });
    expect(signal.aborted).toBe(true);
    const late = new RunContext(performanceClock, 60_000, undefined);
    late.stop({ kind: 'abort' });
    expect(late.signal.aborted).toBe(true);
    early.dispose();
    late.dispose();
  });

  it('stops on the caller’s signal, also one aborted before the run', () => {
    const controller = new AbortController();
    const ctx = new RunContext(performanceClock, 60_000, controller.signal);
    controller.abort();
    expect(ctx.reason).toEqual({ kind: 'abort' });
    ctx.dispose();
    expect(new RunContext(performanceClock, 60_000, AbortSignal.abort()).stopped).toBe(true);
  });

  it('sleeps the full time, or resolves false as soon as the run stops', async () => {
    const ctx = new RunContext(performanceClock, 60_000, undefined);
    expect(await ctx.sleep(5)).toBe(true);
    const sleeping = ctx.sleep(10_000);
    ctx.stop({ kind: 'abort' });
    expect(await sleeping).toBe(false);
    expect(await ctx.sleep(5)).toBe(false);
    ctx.dispose();
  });
});
