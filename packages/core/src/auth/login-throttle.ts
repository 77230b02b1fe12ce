/**
 * Throttling of failed sign-ins, per account and per client address, with delays that double
 * with each failure past a free allowance. The counts live in a {@link ThrottleStore}: Redis
 * when the API has it, so that every API process shares them and spreading guesses over
 * replicas gains nothing; this process's memory otherwise (one process, nothing to share).
 */
import { LoginThrottledError } from './errors.js';
import { MemoryThrottleStore, type ThrottleStore } from './throttle-store.js';

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

/** A key with no failure for this long starts over. */
export const FORGET_FAILURES_AFTER_MS = 60 * 60_000;

export class LoginThrottle {
  private readonly freePerAccount: number;
  private readonly freePerAddress: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    options: LoginThrottleOptions = {},
    private readonly store: ThrottleStore = new MemoryThrottleStore(options.now),
  ) {
    this.freePerAccount = options.freePerAccount ?? 5;
    this.freePerAddress = options.freePerAddress ?? 20;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  }

  /** Throws LoginThrottledError (429) while the account or the address must wait. */
  async check(email: string, address: string): Promise<void> {
    const waits = await Promise.all([
      this.store.waitMs(accountKey(email)),
      this.store.waitMs(addressKey(address)),
    ]);
    const waitMs = Math.max(...waits);
    if (waitMs > 0) throw new LoginThrottledError(Math.ceil(waitMs / 1000));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([
      this.fail(accountKey(email), this.freePerAccount),
      this.fail(addressKey(address), this.freePerAddress),
    ]);
  }

  /** A successful sign-in clears the account's failures (the address keeps its own). */
  async recordSuccess(email: string): Promise<void> {
    await this.store.forget(accountKey(email));
  }

  private async fail(key: string, free: number): Promise<void> {
    const count = await this.store.addFailure(key, FORGET_FAILURES_AFTER_MS);
    if (count <= free) return;
    await this.store.block(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (count - free - 1)));
  }
}

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
