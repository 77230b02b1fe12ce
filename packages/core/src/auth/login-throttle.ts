/**
 * Throttling of failed sign-ins, per account and per client address, with delays that double
 * with each failure past a free allowance. Kept in the process's memory: an attacker spreading
 * guesses over replicas gains at most the replica count as a factor, and a restart forgets,
 * which the doubling delays make up for within a few attempts.
 */
import { LoginThrottledError } from './errors.js';

export interface LoginThrottleOptions {
  /** Failures of one account allowed before delays start (default 5). */
  freePerAccount?: number;
  /** Failures from one address, over any accounts, before delays start (default 20). */
  freePerAddress?: number;
  /** The first delay; each further failure doubles it (default 1 s). */
  baseDelayMs?: number;
  /** The longest delay (default 15 min). */
  maxDelayMs?: number;
  now?: () => number;
}

interface Failures {
  count: number;
  /** No attempt is accepted before this time. */
  blockedUntil: number;
  lastAt: number;
}

/** Entries kept at most; the least recently failed go first. */
const MAX_ENTRIES = 50_000;
/** A key with no failure for this long starts over. */
const FORGET_AFTER_MS = 60 * 60_000;

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly freePerAccount: number;
  private readonly freePerAddress: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.freePerAccount = options.freePerAccount ?? 5;
    this.freePerAddress = options.freePerAddress ?? 20;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Throws LoginThrottledError (429) while the account or the address must wait. */
  check(email: string, address: string): void {
    const now = this.now();
    const waitMs = Math.max(this.waitFor(accountKey(email), now), this.waitFor(addressKey(address), now));
    if (waitMs > 0) throw new LoginThrottledError(Math.ceil(waitMs / 1000));
  }

  recordFailure(email: string, address: string): void {
    this.fail(accountKey(email), this.freePerAccount);
    this.fail(addressKey(address), this.freePerAddress);
  }

  /** A successful sign-in clears the account's failures (the address keeps its own). */
  recordSuccess(email: string): void {
    this.failures.delete(accountKey(email));
  }

  private waitFor(key: string, now: number): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    if (now - entry.lastAt > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return 0;
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  private fail(key: string, free: number): void {
    const now = this.now();
    const previous = this.failures.get(key);
    const count = previous && now - previous.lastAt <= FORGET_AFTER_MS ? previous.count + 1 : 1;
    const delay = count <= free ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (count - free - 1));
    // Re-inserted so that the map's order is the order of last failure, oldest first.
    this.failures.delete(key);
    this.failures.set(key, { count, blockedUntil: now + delay, lastAt: now });
    if (this.failures.size > MAX_ENTRIES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
