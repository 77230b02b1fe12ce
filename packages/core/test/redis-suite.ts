/**
 * What the Redis suites of the queue, limiter and event-bus contracts share: whether Redis
 * answers (the contract is skipped when it does not), a fresh key prefix for every open,
 * deleted together when the contract cleans up so that none outlives its test, and the
 * settings of a Redis nobody listens on for the fail-fast tests.
 */
import {
  deleteRedisKeys,
  requireRedis,
  TEST_REDIS_URL,
  UNREACHABLE_REDIS_URL,
  uniqueRedisPrefix,
} from '../src/testing/index.js';

/** Where an adapter connects: a Redis URL and the prefix its keys live under. */
export interface RedisConnection {
  redisUrl: string;
  prefix: string;
}

export interface RedisContractSuite {
  /** Whether the test server answered; the suites that need it skip otherwise. */
  ready: boolean;
  /** The part of a contract's settings that is the same for every Redis adapter. */
  contract: { skip: boolean; cleanup(): Promise<void> };
  /** The test server under a prefix no other open uses, tracked for `contract.cleanup`. */
  connection(): RedisConnection;
}

export async function redisContractSuite(label: string): Promise<RedisContractSuite> {
  const ready = await requireRedis();
  const prefixes: string[] = [];
  return {
    ready,
    contract: {
      skip: !ready,
      async cleanup() {
        await Promise.all(prefixes.splice(0).map(deleteRedisKeys));
      },
    },
    connection() {
      const prefix = uniqueRedisPrefix(label);
      prefixes.push(prefix);
      return { redisUrl: TEST_REDIS_URL, prefix };
    },
  };
}

/** A port that refuses connections at once, under a throwaway prefix: Redis is down. */
export function unreachableRedis(): RedisConnection {
  return { redisUrl: UNREACHABLE_REDIS_URL, prefix: uniqueRedisPrefix('down') };
}
