/**
 * Where the login throttle keeps its counts: failures per key within a window, and how long a
 * key is held back. Two stores with one behaviour: this process's memory, and Redis, which
 * every API process shares.
 */
import type { Redis } from 'ioredis';
import { sha256 } from './tokens.js';

export interface ThrottleStore {
  /** Counts one more failure of `key` and returns its failures, none older than `forgetAfterMs` apart. */
  addFailure(key: string, forgetAfterMs: number): Promise<number>;
  /** Holds `key` back for `ms` from now. */
  block(key: string, ms: number): Promise<void>;
  /** How long `key` is still held back, 0 when it is not. */
  waitMs(key: string): Promise<number>;
  /** Forgets the failures of `key` and any hold on it. */
  forget(key: string): Promise<void>;
}

interface Failures {
  count: number;
  /** No attempt is accepted before this time. */
  blockedUntil: number;
  lastAt: number;
  forgetAfterMs: number;
}

/** Entries kept at most; the least recently failed go first. */
const MAX_ENTRIES = 50_000;

export class MemoryThrottleStore implements ThrottleStore {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  async addFailure(key: string, forgetAfterMs: number): Promise<number> {
    const now = this.now();
    const previous = this.live(key, now);
    const count = (previous?.count ?? 0) + 1;
    // Re-inserted so that the map's order is the order of last failure, oldest first.
    this.failures.delete(key);
    this.failures.set(key, { count, blockedUntil: previous?.blockedUntil ?? 0, lastAt: now, forgetAfterMs });
    if (this.failures.size > MAX_ENTRIES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    return count;
  }

  async block(key: string, ms: number): Promise<void> {
    const entry = this.failures.get(key);
    if (entry) entry.blockedUntil = this.now() + ms;
  }

  async waitMs(key: string): Promise<number> {
    const now = this.now();
    return Math.max(0, (this.live(key, now)?.blockedUntil ?? 0) - now);
  }

  async forget(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private live(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && now - entry.lastAt > entry.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** INCR and a fresh expiry in one step, so a count never outlives its window. */
const ADD_FAILURE = `local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n`;

/**
 * Counts in Redis, under `<namespace><sha256 of the key>`: the emails and addresses themselves
 * never reach Redis. Expiry is Redis's, so every process agrees on when a hold ends. When
 * Redis fails, the throttle goes on in this process's memory rather than letting every guess
 * through or refusing every sign-in.
 */
export class RedisThrottleStore implements ThrottleStore {
  private readonly fallback: MemoryThrottleStore;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly onError: (error: unknown) => void = () => {},
    now?: () => number,
  ) {
    this.fallback = new MemoryThrottleStore(now);
  }

  addFailure(key: string, forgetAfterMs: number): Promise<number> {
    return this.orFallback(
      async () => Number(await this.redis.eval(ADD_FAILURE, 1, this.countKey(key), forgetAfterMs)),
      () => this.fallback.addFailure(key, forgetAfterMs),
    );
  }

  block(key: string, ms: number): Promise<void> {
    return this.orFallback(
      async () => void (await this.redis.set(this.holdKey(key), '1', 'PX', Math.max(1, Math.round(ms)))),
      () => this.fallback.block(key, ms),
    );
  }

  waitMs(key: string): Promise<number> {
    return this.orFallback(
      async () => Math.max(0, await this.redis.pttl(this.holdKey(key))),
      () => this.fallback.waitMs(key),
    );
  }

  forget(key: string): Promise<void> {
    return this.orFallback(
      async () => void (await this.redis.del(this.countKey(key), this.holdKey(key))),
      () => this.fallback.forget(key),
    );
  }

  private async orFallback<T>(inRedis: () => Promise<T>, inMemory: () => Promise<T>): Promise<T> {
    try {
      return await inRedis();
    } catch (error) {
      this.onError(error);
      return inMemory();
    }
  }

  private countKey(key: string) {
    return `${this.namespace}${sha256(key)}:failures`;
  }

  private holdKey(key: string) {
    return `${this.namespace}${sha256(key)}:hold`;
  }
}
