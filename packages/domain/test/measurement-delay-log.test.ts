import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelayHistogram, DelayLog, type DelayLogWindow, summarizeDelays } from '../src/measurement/index.js';

/** Delays below the overflow bucket, where both structures report exactly the same figures. */
const delay = fc.oneof(
  fc.double({ min: -1, max: 12, noNaN: true }),
  fc.double({ min: 0, max: 119_000, noNaN: true }),
);

/** A script: record a delay, open a window, or close the window opened `k`-th (mod open). */
const step = fc.oneof(
  delay.map((value) => ({ kind: 'record' as const, value })),
  fc.constant({ kind: 'open' as const }),
  fc.nat().map((k) => ({ kind: 'close' as const, k })),
);

describe('DelayLog', () => {
  it('summarises every window exactly as the difference of two histogram snapshots', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (script, capacity) => {
        const log = new DelayLog(capacity);
        const reference = new DelayHistogram();
        const open: Array<{ window: DelayLogWindow; before: ReturnType<DelayHistogram['snapshot']> }> = [];
        const check = (entry: (typeof open)[number]) => {
          const got = entry.window.close();
          const want = summarizeDelays(entry.before, reference.snapshot(), reference.maxEver);
          expect(got.samples).toBe(want.samples);
          expect(got.p50).toBe(want.p50);
          expect(got.p99).toBe(want.p99);
          expect(got.max).toBe(want.max);
          if (want.mean === null) expect(got.mean).toBeNull();
          else expect(got.mean as number).toBeCloseTo(want.mean, 6);
        };
        for (const action of script) {
          if (action.kind === 'record') {
            log.record(action.value);
            reference.record(action.value);
          } else if (action.kind === 'open') {
            open.push({ window: log.open(), before: reference.snapshot() });
          } else if (open.length > 0) {
            check(open.splice(action.k % open.length, 1)[0] as (typeof open)[number]);
          }
        }
        expect(log.openWindows).toBe(open.length);
        for (const entry of open) check(entry);
        expect(log.openWindows).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a window that outlives the ring whole, also when windows share its start', () => {
    const log = new DelayLog(4);
    const long = log.open();
    const sibling = log.open(); // same start: one anchor for both
    const short = log.open();
    for (let i = 0; i < 3; i++) log.record(1);
    expect(short.close()).toMatchObject({ samples: 3, max: 1 });
    for (let i = 0; i < 96; i++) log.record(1);
    log.record(45.5);
    expect(long.close()).toEqual({ samples: 100, mean: (99 + 45.5) / 100, p50: 1, p99: 1, max: 46 });
    expect(sibling.close()).toEqual(long.close());
  });

  it('reports nothing for an empty window, and the same summary when closed twice', () => {
    const log = new DelayLog();
    const empty = log.open();
    expect(empty.close()).toEqual({ samples: 0, mean: null, p50: null, p99: null, max: null });
    const window = log.open();
    log.record(2.1);
    const first = window.close();
    log.record(500);
    expect(window.close()).toBe(first);
    expect(first).toEqual({ samples: 1, mean: 2.1, p50: 2.25, p99: 2.25, max: 2.25 });
    expect(log.openWindows).toBe(0);
  });

  it('reports an overflowing delay as the window’s own largest delay', () => {
    const log = new DelayLog();
    log.record(400_000); // before the window
    const window = log.open();
    log.record(300_000);
    expect(window.close()).toMatchObject({ samples: 1, p99: 300_000, max: 300_000 });
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new DelayLog(0)).toThrow(RangeError);
    expect(() => new DelayLog(1.5)).toThrow(RangeError);
  });
});
