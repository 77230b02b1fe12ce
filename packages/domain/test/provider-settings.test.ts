import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_SETTINGS, resolveRunSettings, runSettingsSchema } from '../src/provider/index.js';

describe('resolveRunSettings', () => {
  it('fills every default', () => {
    expect(resolveRunSettings({})).toEqual(DEFAULT_RUN_SETTINGS);
    expect(resolveRunSettings()).toEqual({
      mode: undefined,
      total_timeout_ms: 1_500_000,
      connect_timeout_ms: 10_000,
      headers_timeout_ms: 30_000,
      idle_timeout_ms: 120_000,
      poll_interval_ms: 2_000,
      retry: { max_attempts: 3, base_delay_ms: 500, max_delay_ms: 8_000, max_retry_after_ms: 60_000 },
    });
  });

  it('takes the scenario keys it knows and ignores the engine ones', () => {
    const resolved = resolveRunSettings({
      mode: 'async',
      timeout_s: 2.5,
      poll_interval_ms: 250,
      retry: { max_attempts: 1 },
      concurrency: 10,
      iterations: 3,
    });
    expect(resolved).toMatchObject({
      mode: 'async',
      total_timeout_ms: 2500,
      poll_interval_ms: 250,
      retry: { max_attempts: 1, base_delay_ms: 500 },
    });
    expect(resolveRunSettings({ timeout_s: null }).total_timeout_ms).toBe(1_500_000);
  });

  it('rejects invalid values, naming the field', () => {
    const result = runSettingsSchema.safeParse({ timeout_s: 0, retry: { max_attempts: 0 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['timeout_s', 'retry.max_attempts']);
    expect(() => resolveRunSettings({ idle_timeout_ms: 1.5 })).toThrow(/idle_timeout_ms/);
  });
});
