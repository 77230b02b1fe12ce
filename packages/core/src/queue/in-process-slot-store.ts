/** Slots kept in this process's memory: the limiter of the embedded default (one process). */
import { performance } from 'node:perf_hooks';
import type { SlotStore } from './concurrency-limiter.js';

export class InProcessSlotStore implements SlotStore {
  readonly kind = 'in-process' as const;
  /** key -> token -> expiry on the monotonic clock. */
  private readonly slots = new Map<string, Map<string, number>>();

  async acquire(key: string, limit: number, token: string, leaseMs: number): Promise<boolean> {
    const leases = this.live(key);
    if (leases.size >= limit) return false;
    leases.set(token, performance.now() + leaseMs);
    this.slots.set(key, leases);
    return true;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    const leases = this.live(key);
    if (!leases.has(token)) return false;
    leases.set(token, performance.now() + leaseMs);
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    const leases = this.slots.get(key);
    leases?.delete(token);
    if (leases?.size === 0) this.slots.delete(key);
  }

  async count(key: string): Promise<number> {
    return this.live(key).size;
  }

  async close(): Promise<void> {
    this.slots.clear();
  }

  /** The leases of `key` with the expired ones dropped. */
  private live(key: string): Map<string, number> {
    const leases = this.slots.get(key) ?? new Map<string, number>();
    const now = performance.now();
    for (const [token, expiresAt] of leases) if (expiresAt <= now) leases.delete(token);
    if (leases.size === 0) this.slots.delete(key);
    return leases;
  }
}
