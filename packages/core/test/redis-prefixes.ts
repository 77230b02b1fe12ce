/**
 * Key prefixes handed out to the Redis suites of a contract, deleted together when the
 * contract cleans up, so that every open gets its own keys and none outlives its test.
 */
import { deleteRedisKeys, uniqueRedisPrefix } from '../src/testing/index.js';

export function trackedRedisPrefixes(label: string): {
  next(): string;
  cleanup(): Promise<void>;
} {
  const prefixes: string[] = [];
  return {
    next() {
      const prefix = uniqueRedisPrefix(label);
      prefixes.push(prefix);
      return prefix;
    },
    async cleanup() {
      await Promise.all(prefixes.splice(0).map(deleteRedisKeys));
    },
  };
}
