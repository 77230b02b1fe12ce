/**
 * The PostgreSQL database and the Redis key space a bench borrows: a fresh database created
 * for the run and dropped after it, and a unique key prefix whose keys are deleted after it,
 * so a bench never touches anyone else's data on a shared server.
 */
import { randomBytes } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase, withAdminClient } from '@tfbench/core/db';
import { Redis } from 'ioredis';
import { processCpuMs } from './process-cpu.js';

/** Creates `tfbench_bench_<random>` through the maintenance database at `adminUrl`. */
export function createBenchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  return createScratchDatabase(adminUrl, 'tfbench_bench');
}

/** Whether a database of this name exists (the bench's test checks the cleanup). */
export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const result = await withAdminClient(adminUrl, (client) =>
    client.query('select 1 from pg_database where datname = $1', [name]),
  );
  return (result.rowCount ?? 0) > 0;
}

/** A key prefix no one else uses. */
export function uniqueRedisPrefix(): string {
  return `tfbench-bench-${randomBytes(5).toString('hex')}`;
}

/** Fails with a readable message when Redis does not answer at `url`. */
export async function pingRedis(url: string): Promise<void> {
  await withRedis(url, async (redis) => {
    await redis.ping();
  });
}

/**
 * The process id of the Redis server at `url` (INFO's process_id), so its CPU can be read from
 * /proc like the other processes'; null when it is not a process of this machine.
 */
export async function redisServerPid(url: string): Promise<number | null> {
  const info = await withRedis(url, (redis) => redis.info('server'));
  const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  return Number.isInteger(pid) && processCpuMs(pid) !== null ? pid : null;
}

/** Deletes every key under `<prefix>:`; returns how many there were. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  return withRedis(url, async (redis) => {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  });
}

async function withRedis<T>(url: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis is unreachable at ${url}: ${(error as Error).message}`);
  }
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}
