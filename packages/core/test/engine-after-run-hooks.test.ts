/**
 * runHooksInOrder: hooks run one after another; a hook that hands a run over lets the caller
 * go on with it at once while the later hooks run in `rest`; failures are logged, never thrown.
 */
import { describe, expect, it } from 'vitest';
import type { Run } from '../src/db/schema.js';
import { type AfterRunHook, runHooksInOrder } from '../src/engine/features.js';
import { silentLogger } from '../src/queue/index.js';

const run = { id: 7, benchmark_id: 3 } as Run;

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('runHooksInOrder', () => {
  it('runs every hook in order and resolves with no run when none hands one over', async () => {
    const order: string[] = [];
    const hooks: AfterRunHook[] = [
      async () => {
        order.push('a');
      },
      async () => {
        order.push('b');
      },
    ];
    const result = await runHooksInOrder(hooks, silentLogger)(run, { canTakeNext: true });
    expect(result.next).toBeUndefined();
    await result.rest;
    expect(order).toEqual(['a', 'b']);
  });

  it('resolves as soon as a hook hands a run over; the later hooks go on in rest and may not hand another', async () => {
    const later = gate();
    const seen: boolean[] = [];
    const handedRest = gate();
    const hooks: AfterRunHook[] = [
      async (_run, context) => {
        seen.push(context.canTakeNext);
        return { next: { run_id: 8, benchmark_id: 3 }, rest: handedRest.opened };
      },
      async (_run, context) => {
        seen.push(context.canTakeNext);
        await later.opened;
        return { next: { run_id: 9, benchmark_id: 3 }, rest: Promise.resolve() };
      },
    ];
    const result = await runHooksInOrder(hooks, silentLogger)(run, { canTakeNext: true });
    expect(result.next).toEqual({ run_id: 8, benchmark_id: 3 });
    let restDone = false;
    void result.rest.then(() => {
      restDone = true;
    });
    later.open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The second hook is done, but the first hook's own rest is still going on.
    expect(restDone).toBe(false);
    handedRest.open();
    await result.rest;
    expect(seen).toEqual([true, false]);
  });

  it('asks no hook to take a run when the caller cannot, refuses one handed anyway, and logs failures without throwing', async () => {
    const seen: boolean[] = [];
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (fields: unknown) => errors.push(fields) };
    const hooks: AfterRunHook[] = [
      async (_run, context) => {
        seen.push(context.canTakeNext);
        throw new Error('boom');
      },
      async (_run, context) => {
        seen.push(context.canTakeNext);
        return { next: { run_id: 8, benchmark_id: 3 }, rest: Promise.reject(new Error('late boom')) };
      },
    ];
    const result = await runHooksInOrder(hooks, logger)(run, { canTakeNext: false });
    await result.rest;
    expect(seen).toEqual([false, false]);
    // The hand-over nobody asked for is refused (and reported), its rest still awaited.
    expect(result.next).toBeUndefined();
    expect(errors).toHaveLength(3);
  });
});
