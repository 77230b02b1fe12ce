/** The coalescer of idempotent steps (one benchmark step for many runs ending together). */
import { describe, expect, it } from 'vitest';
import { StepCoalescer } from '../src/engine/step-coalescer.js';

/** A step whose end the test decides, recording when it started and ended. */
function controllableSteps(log: string[]) {
  const ends: Array<(error?: Error) => void> = [];
  let started = 0;
  const step = async (): Promise<void> => {
    const n = ++started;
    log.push(`start ${n}`);
    await new Promise<void>((resolve, reject) => {
      ends.push((error) => (error ? reject(error) : resolve()));
    });
    log.push(`end ${n}`);
  };
  return {
    step,
    get started() {
      return started;
    },
    end: async (index: number, error?: Error) => {
      ends[index]!(error);
      // Let the promise chains that follow the end run.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

/** A new coalescer with controllable steps that write to a new log. */
function freshCoalescer() {
  const log: string[] = [];
  return { log, steps: controllableSteps(log), coalescer: new StepCoalescer() };
}

describe('StepCoalescer', () => {
  it('runs a lone call at once and settles when its step ends', async () => {
    const { steps, coalescer } = freshCoalescer();
    let settled = false;
    const call = coalescer.run('k', steps.step).then(() => {
      settled = true;
    });
    expect(steps.started).toBe(1);
    await Promise.resolve();
    expect(settled).toBe(false);
    await steps.end(0);
    await call;
    expect(settled).toBe(true);
    expect(coalescer.activeKeys).toBe(0);
  });

  it('gives all calls made during a step one shared next step, started after it ends', async () => {
    const { log, steps, coalescer } = freshCoalescer();
    const first = coalescer.run('k', steps.step);
    const settledCalls: number[] = [];
    const joined = [1, 2, 3].map((n) =>
      coalescer.run('k', steps.step).then(() => {
        settledCalls.push(n);
      }),
    );
    expect(steps.started).toBe(1);
    await steps.end(0);
    await first;
    // The callers that came during step 1 have not settled: step 2 is theirs and still runs.
    expect(settledCalls).toEqual([]);
    expect(steps.started).toBe(2);
    await steps.end(1);
    await Promise.all(joined);
    expect(settledCalls.sort()).toEqual([1, 2, 3]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    expect(coalescer.activeKeys).toBe(0);
  });

  it('starts a third step for a call made while the shared second one runs', async () => {
    const { log, steps, coalescer } = freshCoalescer();
    const first = coalescer.run('k', steps.step);
    const second = coalescer.run('k', steps.step);
    await steps.end(0);
    await first;
    expect(steps.started).toBe(2);
    // Step 2 started before this call, so it cannot have seen what the caller committed.
    let thirdSettled = false;
    const third = coalescer.run('k', steps.step).then(() => {
      thirdSettled = true;
    });
    await steps.end(1);
    await second;
    expect(thirdSettled).toBe(false);
    expect(steps.started).toBe(3);
    await steps.end(2);
    await third;
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('hands a failed step to every call sharing it, and the next call starts afresh', async () => {
    const steps = controllableSteps([]);
    const coalescer = new StepCoalescer();
    const first = coalescer.run('k', steps.step);
    const a = coalescer.run('k', steps.step);
    const b = coalescer.run('k', steps.step);
    await steps.end(0);
    await first;
    await steps.end(1, new Error('database went away'));
    await expect(a).rejects.toThrow('database went away');
    await expect(b).rejects.toThrow('database went away');
    expect(coalescer.activeKeys).toBe(0);
    const again = coalescer.run('k', steps.step);
    expect(steps.started).toBe(3);
    await steps.end(2);
    await expect(again).resolves.toBeUndefined();
  });

  it('keeps different keys apart: their steps run side by side', async () => {
    const { steps, coalescer } = freshCoalescer();
    const one = coalescer.run('benchmark-1', steps.step);
    const two = coalescer.run('benchmark-2', steps.step);
    expect(steps.started).toBe(2);
    expect(coalescer.activeKeys).toBe(2);
    await steps.end(1);
    await two;
    await steps.end(0);
    await one;
    expect(coalescer.activeKeys).toBe(0);
  });
});
