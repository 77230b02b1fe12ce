/** BatchedStep: items from many callers written together (the rollups of runs ending at once). */
import { describe, expect, it } from 'vitest';
import { BatchedStep } from '../src/engine/batched-step.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchedStep', () => {
  it('writes a lone item at once, in a batch of one', async () => {
    const batches: number[][] = [];
    const step = new BatchedStep<number>(async (batch) => {
      batches.push([...batch]);
    });
    await step.add(1);
    expect(batches).toEqual([[1]]);
    await step.add(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('gathers what arrives while a batch is written into the next one, every item once and in order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const step = new BatchedStep<number>(async (batch) => {
      batches.push([...batch]);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const settled: number[] = [];
    const first = step.add(0).then(() => settled.push(0));
    await tick();
    const rest = Array.from({ length: 50 }, (_, i) => step.add(i + 1).then(() => settled.push(i + 1)));
    await tick();
    // Nobody is done while the first batch is still being written.
    expect(settled).toEqual([]);
    expect(step.backlog).toBe(50);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], Array.from({ length: 50 }, (_, i) => i + 1)]);
    expect(step.backlog).toBe(0);
  });

  it('splits a backlog larger than maxBatch, and each caller waits for the batch that took its item', async () => {
    const batches: number[][] = [];
    const step = new BatchedStep<number>(async (batch) => {
      batches.push([...batch]);
      await tick();
    }, 4);
    await Promise.all(Array.from({ length: 11 }, (_, i) => step.add(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
  });

  it('with a linger, items arriving one at a time within it share one batch; a full batch does not wait', async () => {
    const batches: number[][] = [];
    const step = new BatchedStep<number>(
      async (batch) => {
        batches.push([...batch]);
      },
      3,
      40,
    );
    const started = Date.now();
    const first = step.add(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = step.add(2);
    await Promise.all([first, second]);
    // Both in one batch, taken once the linger was over (timers may fire a tick early).
    expect(batches).toEqual([[1, 2]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(38);
    // Three waiting (maxBatch) before the step starts: no linger for them.
    batches.length = 0;
    const full = Date.now();
    await Promise.all([step.add(3), step.add(4), step.add(5)]);
    expect(batches).toEqual([[3, 4, 5]]);
    expect(Date.now() - full).toBeLessThan(40);
  });

  it('passes a failed batch to its callers and goes on with the next', async () => {
    let calls = 0;
    const step = new BatchedStep<number>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
    });
    await expect(step.add(1)).rejects.toThrow('database down');
    await expect(step.add(2)).resolves.toBeUndefined();
  });

  it('with two lanes, an item that arrives while one batch is written is written at once; the rest wait for a lane', async () => {
    const batches: number[][] = [];
    const releases: Array<() => void> = [];
    const step = new BatchedStep<number>(
      async (batch) => {
        batches.push([...batch]);
        await new Promise<void>((resolve) => releases.push(resolve));
      },
      undefined,
      0,
      2,
    );
    const settled: number[] = [];
    const adds = [0, 1, 2, 3].map((item) => step.add(item).then(() => settled.push(item)));
    await tick();
    // Items 0 and 1 took a lane each; 2 and 3 wait together.
    expect(batches).toEqual([[0], [1]]);
    expect(step.backlog).toBe(2);
    releases[1]?.();
    await tick();
    // The second lane's caller is done before the first's, and the waiting items took its lane.
    expect(settled).toEqual([1]);
    expect(batches).toEqual([[0], [1], [2, 3]]);
    releases[0]?.();
    releases[2]?.();
    await Promise.all(adds);
    expect(settled.sort()).toEqual([0, 1, 2, 3]);
  });

  it("passes a failing batch's error to each of its callers, and goes on with the next batch", async () => {
    let calls = 0;
    const step = new BatchedStep<number>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('refused');
    });
    await expect(step.add(1)).rejects.toThrow('refused');
    await expect(step.add(2)).resolves.toBeUndefined();
  });
});
