/** The exposure variables: defaults, lists, the trust-proxy forms, and one line per bad value. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';

describe('exposure configuration', () => {
  it('has generous rate limits, stream caps, no budget and closed CORS by default', () => {
    expect(loadConfig({}).exposure).toEqual({
      rateLimits: { perMinute: 1_200, perAddressPerMinute: 4_800, triggersPerMinute: 60 },
      eventStreams: { perClient: 20, total: 1_000 },
      dailyBudgetUsd: undefined,
      http: { publicUrls: [], allowedHosts: [], corsOrigins: [], trustProxy: false },
    });
  });

  it('reads lists, numbers and the trust-proxy forms', () => {
    const { exposure } = loadConfig({
      TFBENCH_RATE_LIMIT_PER_MIN: '0',
      TFBENCH_DAILY_BUDGET_USD: '12.5',
      TFBENCH_PUBLIC_URL: 'https://bench.example.com, http://10.0.0.2:3000',
      TFBENCH_ALLOWED_HOSTS: 'Bench.Example.org,.internal.example',
      TFBENCH_CORS_ORIGINS: 'https://tools.example.com',
      TFBENCH_TRUST_PROXY: '2',
    });
    expect(exposure.rateLimits.perMinute).toBe(0);
    expect(exposure.dailyBudgetUsd).toBe(12.5);
    expect(exposure.http).toEqual({
      publicUrls: ['https://bench.example.com', 'http://10.0.0.2:3000'],
      allowedHosts: ['bench.example.org', '.internal.example'],
      corsOrigins: ['https://tools.example.com'],
      trustProxy: 2,
    });
    expect(loadConfig({ TFBENCH_TRUST_PROXY: 'true' }).exposure.http.trustProxy).toBe(true);
    expect(loadConfig({ TFBENCH_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).exposure.http.trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('refuses bad values with one line per variable', () => {
    const bad = {
      TFBENCH_RATE_LIMIT_PER_MIN: '-1',
      TFBENCH_DAILY_BUDGET_USD: '0',
      TFBENCH_CORS_ORIGINS: 'https://tools.example.com/path',
      TFBENCH_TRUST_PROXY: 'maybe',
    };
    let message = '';
    try {
      loadConfig(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(4);
    for (const name of Object.keys(bad)) expect(message).toContain(`${name}=`);
  });
});
