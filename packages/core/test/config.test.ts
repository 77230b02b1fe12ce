import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'pglite' });
    expect(config.database.kind === 'pglite' && config.database.dataDir.endsWith('/data')).toBe(true);
    expect(config.redisUrl).toBeUndefined();
    expect(config.api.port).toBe(8000);
    expect(config.web.port).toBe(3000);
    expect(config.tinyfish.baseUrl).toBe('https://agent.tinyfish.ai');
    expect(config.tinyfish.automationEndpoint).toBe('/v1/automation');
    expect(config.tinyfish.mockMode).toBe(true);
    expect(config.logLevel).toBe('info');
  });

  it('switches to live mode when an API key is set, unless mock mode is forced', () => {
    expect(loadConfig({ TINYFISH_API_KEY: 'sk-test' }).tinyfish.mockMode).toBe(false);
    expect(loadConfig({ TINYFISH_API_KEY: 'sk-test', TINYFISH_MOCK_MODE: 'true' }).tinyfish.mockMode).toBe(
      true,
    );
    expect(loadConfig({ TINYFISH_MOCK_MODE: 'false' }).tinyfish.mockMode).toBe(false);
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tfbench' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/tfbench' });
  });

  it("accepts the original's full endpoint path and keeps only the prefix", () => {
    const config = loadConfig({ TINYFISH_AUTOMATION_ENDPOINT: '/api/v1/automation/run' });
    expect(config.tinyfish.automationEndpoint).toBe('/api/v1/automation');
  });

  it('reads the statement timeout of the bounded reads, 10 s by default', () => {
    expect(loadConfig({}).analyticsStatementTimeoutMs).toBe(10_000);
    expect(loadConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: '2500' }).analyticsStatementTimeoutMs).toBe(2_500);
    expect(() => loadConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: '0' })).toThrow(
      /^ANALYTICS_STATEMENT_TIMEOUT_MS="0" is invalid: must be between 1 and 3600000$/,
    );
    expect(() => loadConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: '10s' })).toThrow(/whole number/);
  });

  it("reads the sender thread's nice value, -10 by default, within -20 to 0", () => {
    expect(loadConfig({}).engine.senderThreadNice).toBe(-10);
    expect(loadConfig({ TFBENCH_SENDER_THREAD_NICE: '0' }).engine.senderThreadNice).toBe(0);
    expect(() => loadConfig({ TFBENCH_SENDER_THREAD_NICE: '-21' })).toThrow(
      /^TFBENCH_SENDER_THREAD_NICE="-21" is invalid: must be between -20 and 0$/,
    );
    expect(() => loadConfig({ TFBENCH_SENDER_THREAD_NICE: '5' })).toThrow(/between -20 and 0/);
    expect(() => loadConfig({ TFBENCH_SENDER_THREAD_NICE: 'high' })).toThrow(/whole number/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ API_PORT: '', REDIS_URL: '  ' }).api.port).toBe(8000);
  });

  it('names each bad variable, what is wrong and the expected form, one line each', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('API_PORT='))).toMatch(/whole number/);
    expect(lines.find((l) => l.startsWith('REDIS_URL='))).toMatch(/redis:\/\//);
    expect(lines.find((l) => l.startsWith('LOG_LEVEL='))).toMatch(/one of/);
  });

  it('never echoes a password in its error message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app:hunter2@db:3306/x' })).toThrow(
      /DATABASE_URL="mysql:\/\/app:\*\*\*@db:3306\/x" is invalid/,
    );
  });
});

describe('readEnvironment', () => {
  it('reads a .env file beneath the real environment', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { readEnvironment } = await import('../src/config/index.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'tfbench-env-'));
    try {
      writeFileSync(path.join(dir, '.env'), 'API_PORT=9123\n# comment\nPATH=/nowhere\nLOG_LEVEL=debug\n');
      const env = readEnvironment(dir);
      expect(env.API_PORT).toBe('9123');
      expect(env.LOG_LEVEL).toBe('debug');
      // The real environment wins over the file.
      expect(env.PATH).not.toBe('/nowhere');
      expect(loadConfig(env).api.port).toBe(9123);
      expect(readEnvironment(path.join(dir, 'missing')).API_PORT).toBe(process.env.API_PORT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
