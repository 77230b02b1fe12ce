/**
 * A counting semaphore shared by every process that uses the same store: "at most N runs of
 * benchmark B in flight across all workers". A slot is a lease with a time to live. The
 * holder renews it (automatically by default); a holder that crashes stops renewing, so its
 * slot frees itself when the lease expires — no slot leaks after a SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from './types.js';

/** One held slot. */
export interface Lease {
  readonly key: string;
  readonly token: string;
  /**
   * Aborts when the lease is lost: it expired before it was renewed (the process stalled
   * longer than the lease) so the slot may already belong to someone else.
   */
  readonly signal: AbortSignal;
  /** Extend the lease by the limiter's lease time. False when it was already lost. */
  renew(): Promise<boolean>;
  /**
   * Give the slot back. Idempotent, and never throws: if the store is unreachable the lease
   * simply expires on its own.
   */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /**
   * Renew the lease in the background every third of the lease time until it is released.
   * Default true. With false the holder calls `renew()` itself.
   */
  autoRenew?: boolean;
}

export interface ConcurrencyLimiter {
  readonly kind: 'redis' | 'in-process';
  /**
   * Take one of `limit` slots of `key` if one is free. Resolves null when all are taken.
   * @throws QueueUnavailableError when the store (Redis) is unreachable.
   */
  tryAcquire(key: string, limit: number, options?: AcquireOptions): Promise<Lease | null>;
  /** Unexpired leases of `key`. */
  inFlight(key: string): Promise<number>;
  /** Stop renewing and release every lease this limiter holds. */
  close(): Promise<void>;
}

/** The atomic operations a limiter needs from its store. Times are in milliseconds. */
export interface SlotStore {
  readonly kind: ConcurrencyLimiter['kind'];
  /** Drop expired leases of `key`, then add `token` if fewer than `limit` remain. */
  acquire(key: string, limit: number, token: string, leaseMs: number): Promise<boolean>;
  /** Extend `token`'s lease; false (and the token removed) if it had already expired. */
  renew(key: string, token: string, leaseMs: number): Promise<boolean>;
  release(key: string, token: string): Promise<void>;
  count(key: string): Promise<number>;
  close(): Promise<void>;
}

interface HeldLease extends Lease {
  autoRenew: boolean;
  lose(): void;
}

/** The lease bookkeeping shared by both stores: tokens, background renewal, loss signal. */
export class LeaseLimiter implements ConcurrencyLimiter {
  readonly kind: ConcurrencyLimiter['kind'];
  private readonly held = new Set<HeldLease>();
  private readonly renewTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: SlotStore,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {
    if (!Number.isFinite(leaseMs) || leaseMs < 30) throw new Error(`leaseMs must be >= 30, got ${leaseMs}`);
    this.kind = store.kind;
    // One timer for all leases; unref so an idle limiter does not keep the process alive.
    this.renewTimer = setInterval(() => void this.renewAll(), Math.floor(leaseMs / 3));
    this.renewTimer.unref();
  }

  async tryAcquire(key: string, limit: number, options: AcquireOptions = {}): Promise<Lease | null> {
    if (this.closed) throw new Error('the concurrency limiter is closed');
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`limit must be a whole number >= 1, got ${limit}`);
    const token = randomUUID();
    if (!(await this.store.acquire(key, limit, token, this.leaseMs))) return null;
    const lease = this.track(key, token, options.autoRenew ?? true);
    return lease;
  }

  inFlight(key: string): Promise<number> {
    return this.store.count(key);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renewTimer);
    await Promise.all([...this.held].map((lease) => lease.release()));
    await this.store.close();
  }

  private track(key: string, token: string, autoRenew: boolean): HeldLease {
    // The loss signal is made on first use: a signal is the costliest object of a lease, and
    // most holders never look at it.
    let controller: AbortController | undefined;
    let lost: Error | undefined;
    let released = false;
    const lease: HeldLease = {
      key,
      token,
      get signal() {
        controller ??= new AbortController();
        if (lost && !controller.signal.aborted) controller.abort(lost);
        return controller.signal;
      },
      autoRenew,
      lose: () => {
        this.held.delete(lease);
        lost ??= new Error(`lease on ${key} was lost: it expired before it was renewed`);
        controller?.abort(lost);
      },
      renew: async () => {
        if (released || lost) return false;
        const ok = await this.store.renew(key, token, this.leaseMs);
        if (!ok) lease.lose();
        return ok;
      },
      release: async () => {
        if (released) return;
        released = true;
        this.held.delete(lease);
        try {
          await this.store.release(key, token);
        } catch (error) {
          this.logger.warn({ key, err: error }, 'could not release a concurrency slot; it will expire');
        }
      },
    };
    this.held.add(lease);
    return lease;
  }

  private async renewAll(): Promise<void> {
    await Promise.all(
      [...this.held]
        .filter((lease) => lease.autoRenew)
        .map(async (lease) => {
          try {
            await lease.renew();
          } catch (error) {
            // Store unreachable: nobody else can take the slot meanwhile; try again next tick.
            this.logger.debug({ key: lease.key, err: error }, 'lease renewal failed; retrying');
          }
        }),
    );
  }
}
