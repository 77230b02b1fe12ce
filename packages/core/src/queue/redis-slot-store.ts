/**
 * Slots in Redis, shared by every process: one sorted set per key, member = lease token,
 * score = expiry in Redis server time. Each operation is one Lua script, so "drop expired,
 * count, add" is atomic across processes, and every process reads the same clock (Redis's
 * TIME), so skew between machines cannot stretch or shorten a lease.
 */
import type { Redis } from 'ioredis';
import type { SlotStore } from './concurrency-limiter.js';
import { asUnavailable, closeRedis, ensureRedisReady, openRedis } from './redis-connection.js';
import type { Logger } from './types.js';

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// Keep the key itself alive as long as its longest lease, so an abandoned key disappears.
const EXTEND_KEY = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < leaseMs then redis.call('PEXPIRE', KEYS[1], leaseMs) end
`;

/** KEYS[1] = slots; ARGV = limit, token, leaseMs. Returns 1 if the slot was taken. */
const ACQUIRE = `${NOW}
local limit = tonumber(ARGV[1])
local leaseMs = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[2])
${EXTEND_KEY}
return 1`;

/** KEYS[1] = slots; ARGV = token, leaseMs. Returns 1 if the lease was still held. */
const RENEW = `${NOW}
local leaseMs = tonumber(ARGV[2])
local expiresAt = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiresAt or tonumber(expiresAt) <= now then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', now + leaseMs, ARGV[1])
${EXTEND_KEY}
return 1`;

/** KEYS[1] = slots. Returns the number of unexpired leases. */
const COUNT = `${NOW}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

const COMMAND_TIMEOUT_MS = 1_000;

type Script = (key: string, ...args: (string | number)[]) => Promise<number>;

export class RedisSlotStore implements SlotStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly scripts: { acquire: Script; renew: Script; count: Script };

  constructor(options: { redisUrl: string; prefix: string; logger: Logger }) {
    this.prefix = options.prefix;
    this.redis = openRedis({
      url: options.redisUrl,
      role: 'command',
      name: `${options.prefix}:limiter`,
      logger: options.logger,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      autoPipelining: true,
    });
    // defineCommand runs scripts by EVALSHA and loads them on NOSCRIPT (after a Redis restart).
    this.redis.defineCommand('tfbenchSlotAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis.defineCommand('tfbenchSlotRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis.defineCommand('tfbenchSlotCount', { numberOfKeys: 1, lua: COUNT });
    const commands = this.redis as unknown as Record<string, Script>;
    const bind = (name: string): Script => {
      const command = commands[name];
      if (!command) throw new Error(`redis script ${name} was not defined`);
      return command.bind(this.redis);
    };
    this.scripts = {
      acquire: bind('tfbenchSlotAcquire'),
      renew: bind('tfbenchSlotRenew'),
      count: bind('tfbenchSlotCount'),
    };
  }

  async acquire(key: string, limit: number, token: string, leaseMs: number): Promise<boolean> {
    return (await this.call(() => this.scripts.acquire(this.slotsKey(key), limit, token, leaseMs))) === 1;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.call(() => this.scripts.renew(this.slotsKey(key), token, leaseMs))) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.call(() => this.redis.zrem(this.slotsKey(key), token));
  }

  count(key: string): Promise<number> {
    return this.call(() => this.scripts.count(this.slotsKey(key)));
  }

  close(): Promise<void> {
    return closeRedis(this.redis);
  }

  private slotsKey(key: string): string {
    return `${this.prefix}:limiter:${key}`;
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    await ensureRedisReady(this.redis, 'the concurrency limiter', COMMAND_TIMEOUT_MS);
    try {
      return await command();
    } catch (error) {
      throw asUnavailable(error, 'the concurrency limiter');
    }
  }
}
