/**
 * Redis for the queue and event-bus tests: the server at 127.0.0.1:6379, a unique key prefix
 * per test, and the keys deleted afterwards. When Redis is unreachable the Redis suites are
 * skipped with a warning, except under CI=true, where they fail.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A port nothing listens on: connections are refused at once. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

let availability: Promise<string | undefined> | undefined;

/** True when Redis answers; false (with a warning) when not; throws under CI=true. */
export async function requireRedis(): Promise<boolean> {
  availability ??= probe();
  const failure = await availability;
  if (failure === undefined) return true;
  const message = `Redis is unreachable at ${TEST_REDIS_URL} (${failure})`;
  if (process.env.CI === 'true')
    throw new Error(`${message}. With CI=true the Redis tests must run, not be skipped.`);
  console.warn(`[tfbench tests] ${message}. Skipping the Redis tests of this file.`);
  return false;
}

async function probe(): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `tfbench-test-${label}-${randomBytes(5).toString('hex')}`;
}

/** Delete every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Count the keys under `prefix` (to prove cleanup and isolation). */
export async function countKeys(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:*`);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}
