/**
 * Redis for tests: the server at 127.0.0.1:6379, whether it answers (with the skip-or-fail
 * rule of `availability.ts`), a key prefix per test, and deleting or counting the keys under
 * it afterwards, so tests never see each other's data on the shared server.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redactUrl, skipOrFailUnavailable } from './availability.js';

/** The Redis server tests use. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A port nothing listens on: connections are refused at once (for outage tests). */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

/** Probe results per URL: a file asks once, however many suites call `requireRedis`. */
const probes = new Map<string, Promise<string | undefined>>();

/**
 * Whether Redis tests can run here. Resolves true when the server answers PING; otherwise
 * warns and resolves false, or — under `CI=true` — rejects with a message naming the URL, so
 * CI fails instead of silently skipping. Probed once per URL per file.
 *
 * @example
 * const redisReady = await requireRedis();
 * describe.skipIf(!redisReady)('queue on Redis', () => { ... });
 */
export async function requireRedis(url: string = TEST_REDIS_URL): Promise<boolean> {
  let probe = probes.get(url);
  if (!probe) {
    probe = probeRedis(url);
    probes.set(url, probe);
  }
  const failure = await probe;
  if (failure === undefined) return true;
  return skipOrFailUnavailable('Redis', `Redis is unreachable at ${redactUrl(url)} (${failure})`);
}

/** Undefined when Redis answers PING, else why not. One attempt, no retries. */
async function probeRedis(url: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // A refused connection is also emitted as 'error'; without a listener it would be logged as unhandled.
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other test uses: `tfbench-test-<label>-<random>`. */
export function uniqueRedisPrefix(label: string): string {
  return `tfbench-test-${label}-${randomBytes(5).toString('hex')}`;
}

/** Delete every key under `prefix` (keys named `<prefix>:...`) on the test server. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
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
export async function countRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:*`);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}
