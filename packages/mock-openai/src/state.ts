import { createHash, timingSafeEqual } from 'node:crypto';
import { SeededState } from '@tfbench/mock-tinyfish';
import { type MockOpenAIBehaviour, type MockOpenAIBehaviourOverrides, mergeBehaviour } from './behaviour.js';
import type { RequestGroundTruth, TruthRecorder } from './ground-truth.js';
import { StatsCounters } from './stats.js';
import { TimerQueue } from './timer-queue.js';

/** A model the server serves, with what it adds to the behaviour (a reasoning model, a slow one). */
export interface MockModelSpec {
  id: string;
  owned_by?: string;
  behaviour?: MockOpenAIBehaviourOverrides;
}

/** Settings of a running mock, after defaults. */
export interface MockSettings {
  /** SHA-256 digests of the accepted API keys; empty means no auth. */
  keyDigests: Buffer[];
  models: Map<string, MockModelSpec>;
  maxBodyBytes: number;
  maxStoredRequests: number;
  /** The behaviour the server started with (defaults merged with the option). */
  baseBehaviour: MockOpenAIBehaviour;
  /** `created` of every model in GET /v1/models (fixed, so listings are reproducible). */
  createdEpochS: number;
}

/** Something that holds a client's response open: a stream or a pending unary answer. */
export interface OpenResponse {
  /** Ends it now because the server is closing or resetting. */
  closeByServer(): void;
}

/** Everything that changes while the mock runs, in one place so reset() can clear it. */
export class MockState extends SeededState<MockOpenAIBehaviour, MockOpenAIBehaviourOverrides> {
  /** Count of generation requests that passed validation: the "request index" of determinism. */
  generationSeq = 0;
  stats = new StatsCounters();
  readonly timers = new TimerQueue();
  readonly open = new Set<OpenResponse>();
  private truths = new Map<string, TruthRecorder>();

  constructor(
    readonly settings: MockSettings,
    seed: number,
  ) {
    super(settings.baseBehaviour, seed, mergeBehaviour);
  }

  /** Ends every open response, forgets ground truth and counters, restores the start behaviour, re-seeds. */
  reset(seed: number): void {
    this.closeAll();
    this.reseed(seed);
    this.generationSeq = 0;
    this.stats = new StatsCounters();
    this.truths = new Map();
  }

  closeAll(): void {
    for (const r of [...this.open]) r.closeByServer();
    this.open.clear();
    this.timers.clear();
  }

  remember(truth: TruthRecorder): void {
    this.truths.set(truth.id, truth);
    if (this.truths.size > this.settings.maxStoredRequests) {
      // A Map iterates in insertion order: the first key is the oldest request.
      const oldest = this.truths.keys().next();
      if (!oldest.done) this.truths.delete(oldest.value);
    }
  }

  groundTruth(id: string): RequestGroundTruth | undefined {
    return this.truths.get(id)?.snapshot();
  }

  allGroundTruth(sinceSeq = 0): RequestGroundTruth[] {
    const out: RequestGroundTruth[] = [];
    for (const t of this.truths.values()) if (t.requestSeq > sinceSeq) out.push(t.snapshot());
    return out;
  }

  get authRequired(): boolean {
    return this.settings.keyDigests.length > 0;
  }

  /** Whether a presented key is one of the server's (compared by digest, in constant time). */
  keyAccepted(presented: string): boolean {
    const digest = keyDigest(presented);
    return this.settings.keyDigests.some((known) => timingSafeEqual(digest, known));
  }
}

export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
