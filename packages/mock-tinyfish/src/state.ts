import { createHash, timingSafeEqual } from 'node:crypto';
import { ConcurrencyGate } from './concurrency-gate.js';
import type { RunGroundTruth } from './ground-truth.js';
import type { RequestLogEntry } from './http-util.js';
import { type MockBehaviour, type MockBehaviourOverrides, mergeBehaviour } from './model.js';
import type { RunEntry } from './run-store.js';
import { RunStore } from './run-store.js';
import { SeededState } from './seeded-state.js';
import { type MockStats, StatsCounters } from './stats.js';

/** Settings of a running mock, after defaults. */
export interface MockSettings {
  strict: boolean;
  /** SHA-256 digests of the accepted API keys; empty means no auth. */
  keyDigests: Buffer[];
  concurrencyLimit: number | null;
  maxStoredRuns: number;
  maxBodyBytes: number;
  requestLogSize: number;
  /** The model the server started with (defaults merged with options.model). */
  baseBehaviour: MockBehaviour;
}

/** Everything that changes while the mock runs, in one place so reset() can clear it. */
export class MockState extends SeededState<MockBehaviour, MockBehaviourOverrides> {
  /** Count of run-creating requests, the "request order" of the determinism promise. */
  runRequests = 0;
  requestSeq = 0;
  /** Creation order of runs (RunRecord.seq). */
  runSeq = 0;
  store: RunStore;
  gate: ConcurrencyGate;
  stats = new StatsCounters();
  readonly requestLog: RequestLogEntry[] = [];
  readonly faultCounters = new Map<string, number>();
  /** Where clients reach this server; runs' live view links point here (set once listening). */
  publicUrl = 'http://127.0.0.1';

  constructor(
    readonly settings: MockSettings,
    seed: number,
  ) {
    super(settings.baseBehaviour, seed, mergeBehaviour);
    this.store = new RunStore(settings.maxStoredRuns);
    this.gate = new ConcurrencyGate(settings.concurrencyLimit);
  }

  /**
   * Stops every run, forgets runs, counters and the request log, restores the start model and
   * re-seeds the generator, so the next requests replay exactly as after a fresh start.
   */
  reset(seed: number): void {
    for (const entry of this.store.values()) stopEntry(entry);
    this.reseed(seed);
    this.runRequests = 0;
    this.requestSeq = 0;
    this.runSeq = 0;
    this.store = new RunStore(this.settings.maxStoredRuns);
    this.gate = new ConcurrencyGate(this.settings.concurrencyLimit);
    this.stats = new StatsCounters();
    this.requestLog.length = 0;
    this.faultCounters.clear();
  }

  logRequest(entry: RequestLogEntry): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > this.settings.requestLogSize) {
      this.requestLog.splice(0, this.requestLog.length - this.settings.requestLogSize);
    }
  }

  /** Owner id for a presented key: null without auth, undefined when the key is wrong. */
  ownerOf(presented: string): string | null | undefined {
    if (this.settings.keyDigests.length === 0) return null;
    const digest = createHash('sha256').update(presented).digest();
    // Digests have equal length, so timingSafeEqual never throws and leaks no key length.
    for (const known of this.settings.keyDigests) {
      if (timingSafeEqual(digest, known)) return digest.toString('hex').slice(0, 16);
    }
    return undefined;
  }

  get authRequired(): boolean {
    return this.settings.keyDigests.length > 0;
  }

  groundTruth(entry: RunEntry): RunGroundTruth {
    return { ...entry.record.truth.data, status: entry.record.status };
  }

  snapshotStats(): MockStats {
    const s = this.stats;
    const byStatus: MockStats['runs_by_status'] = {
      PENDING: 0,
      RUNNING: 0,
      COMPLETED: 0,
      FAILED: 0,
      CANCELLED: 0,
    };
    for (const { record } of this.store.values()) byStatus[record.status]++;
    return {
      seed: this.seed,
      in_flight_runs: s.inFlight.value,
      max_in_flight_runs: s.inFlight.max,
      active_runs: s.active.value,
      max_active_runs: s.active.max,
      queued_runs: this.gate.queued,
      open_streams: s.openStreams.value,
      max_open_streams: s.openStreams.max,
      runs_created: s.runsCreated,
      runs_by_status: byStatus,
      requests_by_endpoint: s.requests.toRecord(),
      faults: s.faults.toRecord(),
      responses_by_status: s.statuses.toRecord(),
    };
  }
}

/** Stops a run's timers and closes its stream. */
export function stopEntry(entry: RunEntry): void {
  entry.execution.abort();
  entry.stream?.closeByServer();
  if (entry.pending && !entry.pending.writableEnded) {
    entry.record.truth.responseEnded('server_closed');
    entry.pending.destroy();
  }
}

export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
