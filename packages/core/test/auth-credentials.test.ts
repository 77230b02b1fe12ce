/** Password hashing, roles and the auth configuration. */
import { describe, expect, it } from 'vitest';
import { hashPassword, roleAtLeast, verifyPassword } from '../src/auth/index.js';
import { authOffProblem, ConfigError, loadConfig } from '../src/config/index.js';

describe('passwords', () => {
  it('hash with scrypt and a fresh salt, verify, and refuse a wrong password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{86}==$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

describe('roles', () => {
  it('orders admin > editor > runner > viewer', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('runner', 'runner')).toBe(true);
    expect(roleAtLeast('runner', 'editor')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
  });
});

describe('auth configuration', () => {
  it('defaults to auth on, 7-day idle and 30-day sessions, no bootstrap', () => {
    const { auth } = loadConfig({});
    expect(auth).toEqual({
      mode: 'on',
      sessionIdleMs: 7 * 86_400_000,
      sessionMaxMs: 30 * 86_400_000,
      bootstrapAdmin: undefined,
      bootstrapApiKey: undefined,
      metricsToken: undefined,
      auditRetentionDays: 90,
      maxIterations: { runner: 1_000, editor: undefined },
    });
  });

  it('reads the bootstrap account with the email in lower case, and refuses half of it', () => {
    const config = loadConfig({
      TFBENCH_BOOTSTRAP_ADMIN_EMAIL: 'Ops@Example.com',
      TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: 'long enough password',
    });
    expect(config.auth.bootstrapAdmin).toEqual({
      email: 'ops@example.com',
      password: 'long enough password',
    });
    expect(() => loadConfig({ TFBENCH_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com' })).toThrow(
      /^TFBENCH_BOOTSTRAP_ADMIN_EMAIL and TFBENCH_BOOTSTRAP_ADMIN_PASSWORD must be set together/,
    );
  });

  it('names a bad value in one line without echoing secrets', () => {
    expect(() => loadConfig({ TFBENCH_BOOTSTRAP_API_KEY: 'sk-not-a-tfb-key' })).toThrow(
      /^TFBENCH_BOOTSTRAP_API_KEY="\*\*\*" is invalid: must be tfb_ followed by 16 to 200/,
    );
    expect(() =>
      loadConfig({
        TFBENCH_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com',
        TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: 'short',
      }),
    ).toThrow(/^TFBENCH_BOOTSTRAP_ADMIN_PASSWORD="\*\*\*" is invalid: must be 10 to 256 characters$/);
    expect(() => loadConfig({ TFBENCH_AUTH: 'disabled' })).toThrow(ConfigError);
  });

  it('accepts auth off only on a loopback address', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.1.2.3']) {
      expect(authOffProblem(loadConfig({ TFBENCH_AUTH: 'off', API_HOST: host }))).toBeNull();
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'bench.example.com']) {
      expect(authOffProblem(loadConfig({ TFBENCH_AUTH: 'off', API_HOST: host }))).toMatch(
        new RegExp(
          `^TFBENCH_AUTH=off is refused: API_HOST=${host.replace(/\./g, '\\.')} is not a loopback address`,
        ),
      );
    }
    expect(authOffProblem(loadConfig({ API_HOST: '0.0.0.0' }))).toBeNull();
  });
});
