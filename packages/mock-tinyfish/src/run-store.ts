import type { ServerResponse } from 'node:http';
import type { RunStatus } from './ground-truth.js';
import type { RunExecution } from './run-execution.js';
import { isTerminal, type RunRecord } from './run-record.js';
import type { SseStream } from './sse-stream.js';

/** A stored run with what drives it. */
export interface RunEntry {
  record: RunRecord;
  execution: RunExecution;
  stream: SseStream | null;
  /** A JSON response (blocking /run, or a hung one) still owed to the creating request. */
  pending: ServerResponse | null;
}

/** Filters and page of GET /v1/runs, already validated. */
export interface RunListQuery {
  status?: RunStatus;
  goal?: string;
  created_after?: number;
  created_before?: number;
  sort_direction: 'asc' | 'desc';
  /** Keyset position: the last run of the previous page. */
  cursor?: { created_ms: number; seq: number };
  limit: number;
}

/**
 * All runs in memory, oldest first. Beyond `maxRuns` the oldest terminal runs are dropped,
 * so a long benchmark against a long-lived mock cannot exhaust memory.
 */
export class RunStore {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private readonly maxRuns: number) {}

  get size(): number {
    return this.runs.size;
  }

  add(entry: RunEntry): void {
    this.runs.set(entry.record.run_id, entry);
    if (this.runs.size > this.maxRuns) this.evict();
  }

  /** The run if it exists and belongs to `owner` (the hash of the caller's key, or null without auth). */
  get(id: string, owner: string | null): RunEntry | undefined {
    const entry = this.runs.get(id);
    return entry && entry.record.owner === owner ? entry : undefined;
  }

  /** Any run, whoever owns it (the /__mock endpoints). */
  getAny(id: string): RunEntry | undefined {
    return this.runs.get(id);
  }

  values(): IterableIterator<RunEntry> {
    return this.runs.values();
  }

  clear(): void {
    this.runs.clear();
  }

  /** Filters, sorts by (created_at, creation order) and cuts one page with a keyset cursor. */
  list(owner: string | null, q: RunListQuery): { page: RunRecord[]; total: number; hasMore: boolean } {
    const goal = q.goal?.toLowerCase();
    const matching: RunRecord[] = [];
    for (const { record } of this.runs.values()) {
      if (record.owner !== owner) continue;
      if (q.status !== undefined && record.status !== q.status) continue;
      if (goal !== undefined && !record.goal.toLowerCase().includes(goal)) continue;
      if (q.created_after !== undefined && record.created_epoch_ms < q.created_after) continue;
      if (q.created_before !== undefined && record.created_epoch_ms > q.created_before) continue;
      matching.push(record);
    }
    const dir = q.sort_direction === 'asc' ? 1 : -1;
    matching.sort((a, b) => dir * compareKey(a.created_epoch_ms, a.seq, b.created_epoch_ms, b.seq));
    const cursor = q.cursor;
    const start = cursor
      ? matching.findIndex(
          (r) => dir * compareKey(r.created_epoch_ms, r.seq, cursor.created_ms, cursor.seq) > 0,
        )
      : 0;
    const from = start === -1 ? matching.length : start;
    const page = matching.slice(from, from + q.limit);
    return { page, total: matching.length, hasMore: from + q.limit < matching.length };
  }

  private evict(): void {
    for (const [id, entry] of this.runs) {
      if (this.runs.size <= this.maxRuns) return;
      if (isTerminal(entry.record.status)) this.runs.delete(id);
    }
  }
}

function compareKey(aMs: number, aSeq: number, bMs: number, bSeq: number): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq - bSeq;
}
