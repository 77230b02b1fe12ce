/** The login throttle's growing delays, in this process's memory and shared through Redis. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginThrottle, LoginThrottledError, RedisThrottleStore } from '../src/auth/index.js';
import { deleteRedisKeys, requireRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '../src/testing/index.js';

/** 0 when the attempt may go ahead, else the seconds of Retry-After. */
async function throttled(check: () => Promise<void>): Promise<number> {
  try {
    await check();
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(LoginThrottledError);
    return (error as LoginThrottledError).retryAfterSeconds;
  }
}

describe('login throttle in memory', () => {
  it('doubles the delay per failure past the free allowance, per account', async () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({
      freePerAccount: 2,
      freePerAddress: 100,
      baseDelayMs: 1_000,
      now: () => now,
    });
    const attempt = () => throttle.check('A@example.com', '10.0.0.1');
    for (let i = 0; i < 2; i++) {
      expect(await throttled(attempt)).toBe(0);
      await throttle.recordFailure('a@example.com', '10.0.0.1');
    }
    expect(await throttled(attempt)).toBe(0);
    await throttle.recordFailure('a@example.com', '10.0.0.1');
    expect(await throttled(attempt)).toBe(1);
    now += 1_000;
    await throttle.recordFailure('a@example.com', '10.0.0.1');
    expect(await throttled(attempt)).toBe(2);
    now += 2_000;
    await throttle.recordFailure('a@example.com', '10.0.0.1');
    expect(await throttled(attempt)).toBe(4);
    // Another account from another address is not held back; a success clears the account.
    expect(await throttled(() => throttle.check('b@example.com', '10.0.0.2'))).toBe(0);
    await throttle.recordSuccess('a@example.com');
    expect(await throttled(attempt)).toBe(0);
  });

  it('holds back an address that fails across many accounts', async () => {
    const throttle = new LoginThrottle({ freePerAccount: 100, freePerAddress: 3, baseDelayMs: 60_000 });
    for (let i = 0; i < 4; i++) await throttle.recordFailure(`user${i}@example.com`, '203.0.113.7');
    expect(await throttled(() => throttle.check('new@example.com', '203.0.113.7'))).toBe(60);
    expect(await throttled(() => throttle.check('new@example.com', '203.0.113.8'))).toBe(0);
  });
});

const redisReady = await requireRedis();

describe.skipIf(!redisReady)('login throttle in Redis', () => {
  const prefix = uniqueRedisPrefix('login-throttle');
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    await deleteRedisKeys(prefix);
    redis.disconnect();
  });

  it('counts the failures of two throttles on one Redis together, keyed by a hash only', async () => {
    const options = { freePerAccount: 3, freePerAddress: 100, baseDelayMs: 60_000 };
    const one = new LoginThrottle(options, new RedisThrottleStore(redis, `${prefix}:`));
    const two = new LoginThrottle(options, new RedisThrottleStore(redis, `${prefix}:`));
    await one.recordFailure('Shared@example.com', '10.0.0.1');
    await two.recordFailure('shared@example.com', '10.0.0.2');
    await one.recordFailure('shared@example.com', '10.0.0.3');
    expect(await throttled(() => two.check('shared@example.com', '10.0.0.4'))).toBe(0);
    // The fourth failure, on the other process, holds the account back on both.
    await two.recordFailure('shared@example.com', '10.0.0.4');
    expect(await throttled(() => one.check('shared@example.com', '10.0.0.5'))).toBe(60);
    expect(await throttled(() => two.check('shared@example.com', '10.0.0.6'))).toBe(60);
    await one.recordFailure('shared@example.com', '10.0.0.5');
    expect(await throttled(() => two.check('shared@example.com', '10.0.0.6'))).toBe(120);

    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/shared|example|10\.0\.0/i);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);

    await two.recordSuccess('shared@example.com');
    expect(await throttled(() => one.check('shared@example.com', '10.0.0.7'))).toBe(0);
  });

  it('goes on counting in memory when Redis fails', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    broken.on('error', () => {});
    const errors: unknown[] = [];
    const throttle = new LoginThrottle(
      { freePerAccount: 1, freePerAddress: 100, baseDelayMs: 60_000 },
      new RedisThrottleStore(broken, `${prefix}:`, (error) => errors.push(error)),
    );
    await throttle.recordFailure('x@example.com', '10.0.0.1');
    await throttle.recordFailure('x@example.com', '10.0.0.1');
    expect(await throttled(() => throttle.check('x@example.com', '10.0.0.1'))).toBe(60);
    expect(errors.length).toBeGreaterThan(0);
    broken.disconnect();
  });
});
