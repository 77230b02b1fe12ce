import { describe, expect, it } from 'vitest';
import { compareEventIds, createEventBus, isEventId, matchesFilter } from '../src/events/index.js';
import { busContract, runEvent } from './events-contract.js';

busContract({
  name: 'in-process',
  open: ({ bufferSize }) => createEventBus({ bufferSize }),
});

describe('event ids', () => {
  it('compare by milliseconds, then by sequence, not as strings', () => {
    expect(compareEventIds('1700000000000-10', '1700000000000-9')).toBeGreaterThan(0);
    expect(compareEventIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
    expect(compareEventIds('5-5', '5-5')).toBe(0);
    expect(isEventId('1700000000000-0')).toBe(true);
    expect(isEventId('17')).toBe(false);
    expect(() => compareEventIds('x', '1-1')).toThrow(/not an event id/);
  });

  it('of a restarted in-process bus sort after the ids of the previous one', async () => {
    const before = await createEventBus();
    const oldId = await before.publish(runEvent(1, 0));
    await before.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await createEventBus();
    const newId = await after.publish(runEvent(1, 0));
    expect(compareEventIds(newId, oldId)).toBeGreaterThan(0);
    // Events of the old process after oldId are gone: the replay says so.
    expect((await after.replaySince(oldId)).complete).toBe(false);
    await after.close();
  });
});

describe('matchesFilter', () => {
  it('never matches a run filter against an event without a run', () => {
    const progress = {
      kind: 'benchmark.progress',
      benchmark_id: 3,
      scenario_id: 1,
      status: 'running',
      counts: {},
      total: 1,
    } as const;
    expect(matchesFilter(progress, { run_id: 1 })).toBe(false);
    expect(matchesFilter(progress, { benchmark_id: 3 })).toBe(true);
    expect(matchesFilter(runEvent(1, 0), { benchmark_id: 3, run_id: 1, kinds: ['run.event'] })).toBe(true);
    expect(matchesFilter(runEvent(1, 0), { kinds: ['run.status'] })).toBe(false);
  });
});
