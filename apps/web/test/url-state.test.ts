import { describe, expect, it } from 'vitest';
import { applyQueryUpdates, pendingAfter } from '@/lib/url-state';

describe('applyQueryUpdates', () => {
  it('sets, replaces and removes keys, keeping the others', () => {
    expect(applyQueryUpdates('status=failed&skip=50', { q: 'timeout', skip: undefined })).toBe(
      'status=failed&q=timeout',
    );
    expect(applyQueryUpdates('q=a', { q: '', range: null })).toBe('');
    expect(applyQueryUpdates('', { scenario_id: 7 })).toBe('scenario_id=7');
  });

  it('composes two changes made before the URL renders the first', () => {
    const first = applyQueryUpdates('', { from: '2026-12-01T00:00:00.000Z' });
    const second = applyQueryUpdates(first, { to: '2026-12-02T00:00:00.000Z' });
    expect(new URLSearchParams(second).get('from')).toBe('2026-12-01T00:00:00.000Z');
    expect(new URLSearchParams(second).get('to')).toBe('2026-12-02T00:00:00.000Z');
  });
});

describe('pendingAfter', () => {
  it('keeps the changes asked for after the one the URL shows now', () => {
    expect(pendingAfter(['a=1', 'a=1&b=2'], 'a=1')).toEqual(['a=1&b=2']);
    expect(pendingAfter(['a=1', 'a=1&b=2'], 'a=1&b=2')).toEqual([]);
  });

  it('drops them all after a navigation from elsewhere', () => {
    expect(pendingAfter(['a=1', 'a=1&b=2'], 'c=3')).toEqual([]);
    expect(pendingAfter([], '')).toEqual([]);
  });
});
