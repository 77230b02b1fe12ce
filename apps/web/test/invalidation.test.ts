import { describe, expect, it } from 'vitest';
import { queries } from '@/lib/api';
import { covers, invalidate, onInvalidate, staleAfterWrite } from '@/lib/invalidation';

describe('what a write makes stale', () => {
  it.each([
    ['/scenarios', '/scenarios'],
    ['/scenarios/3', '/scenarios'],
    ['/scenarios/3/schedule', '/scenarios'],
    ['/automations/1?cascade=true', '/'],
    ['/runs/trigger', '/runs'],
    ['/benchmarks/4/cancel', '/benchmarks'],
  ])('%s -> %s', (path, prefix) => {
    expect(staleAfterWrite(path)).toBe(prefix);
  });

  it('reaches the queries under the prefix and no others', () => {
    const names = queries.scenarios().path;
    expect(covers('/scenarios', names)).toBe(true);
    expect(covers('/scenarios', queries.scenario(3).path)).toBe(true);
    expect(covers('/scenarios', queries.runs({ scenario_id: 3 }).path)).toBe(false);
    // A prefix is a whole segment: /run must not reach /runs.
    expect(covers('/run', queries.runs().path)).toBe(false);
    expect(covers('/', queries.kpis().path)).toBe(true);
  });

  it('tells every listener until it leaves', () => {
    const seen: string[] = [];
    const leave = onInvalidate((prefix) => seen.push(prefix));
    invalidate('/scenarios');
    leave();
    invalidate('/automations');
    expect(seen).toEqual(['/scenarios']);
  });
});
