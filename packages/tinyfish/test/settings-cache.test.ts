import { resolveRunSettings } from '@tfbench/domain/provider';
import { describe, expect, it } from 'vitest';
import { ResolvedSettingsCache } from '../src/run/settings-cache.js';

describe('ResolvedSettingsCache', () => {
  it('resolves as resolveRunSettings does, once per distinct value, frozen', () => {
    const cache = new ResolvedSettingsCache();
    const settings = { mode: 'sse', timeout_s: 30, retry: { max_attempts: 2 }, concurrency: 5 };
    const first = cache.resolve(settings);
    expect(first).toEqual(resolveRunSettings(settings));
    expect(cache.resolve({ ...settings, retry: { max_attempts: 2 } })).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.retry)).toBe(true);
    expect(cache.resolve(undefined)).toEqual(resolveRunSettings({}));
    expect(cache.resolve({})).toBe(cache.resolve(undefined));
  });

  it('never mixes up values that JSON would print alike', () => {
    const cache = new ResolvedSettingsCache();
    expect(cache.resolve({ timeout_s: null }).total_timeout_ms).toBe(resolveRunSettings({}).total_timeout_ms);
    // NaN and Infinity serialise to null in JSON, but are invalid settings.
    expect(() => cache.resolve({ timeout_s: Number.NaN })).toThrow();
    expect(() => cache.resolve({ timeout_s: Number.POSITIVE_INFINITY })).toThrow();
    expect(cache.resolve({ mode: 'sync' }).mode).toBe('sync');
    expect(cache.resolve({ mode: 'async' }).mode).toBe('async');
    expect(cache.resolve({ timeout_s: 1 }).total_timeout_ms).toBe(1000);
    expect(cache.resolve({ timeout_s: 1, extra: undefined }).total_timeout_ms).toBe(1000);
  });

  it('throws for invalid settings every time, and resolves values it cannot encode uncached', () => {
    const cache = new ResolvedSettingsCache();
    expect(() => cache.resolve({ idle_timeout_ms: -1 })).toThrow();
    expect(() => cache.resolve({ idle_timeout_ms: -1 })).toThrow();
    const withDate = { idle_timeout_ms: 500, note: new Date(0) } as Record<string, unknown>;
    const a = cache.resolve(withDate);
    expect(a.idle_timeout_ms).toBe(500);
    expect(cache.resolve(withDate)).not.toBe(a);
  });
});
