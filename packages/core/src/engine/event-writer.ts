/**
 * Persists one run's events while it executes: buffered, written in batches (every
 * `intervalMs` or `batchSize` events, whichever comes first), one batch at a time so they
 * land in order, and retried after a failed write without ever dropping or reordering an
 * event. The provider's callback only appends to an array: no I/O on the measuring path.
 * At the end `finish(tx)` writes what is left inside the transaction that stores the
 * outcome, so a finished run always has its complete timeline.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import type { Executor } from '../db/database.js';
import type { NewRunEvent } from '../db/schema.js';
import type { Logger } from '../queue/index.js';
import { insertRunEventsIdempotent } from '../repositories/run-events.js';
import { storableJson } from './storable.js';

export interface EventWriterOptions {
  /** Longest an event waits in the buffer. Default 50 ms. */
  intervalMs?: number;
  /** Write at once when this many events are waiting; also the most rows per INSERT. Default 100. */
  batchSize?: number;
  /** Longest wait between retries of a failed write. Default 2 s. */
  maxRetryDelayMs?: number;
  /**
   * How a background batch is stored; default: one INSERT of its own. The engine passes a
   * writer shared by the runs of its process, which stores the batches of many runs in one
   * statement. It must store all rows or throw.
   */
  insert?: (rows: NewRunEvent[]) => Promise<void>;
}

export class EventWriter {
  private readonly buffer: TimedEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Events of the batch being written right now (out of the buffer, not yet stored). */
  private writingCount = 0;
  private finished = false;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly maxRetryDelayMs: number;
  private readonly insert: (rows: NewRunEvent[]) => Promise<void>;

  constructor(
    private readonly db: Executor,
    private readonly runId: number,
    private readonly logger: Logger,
    options: EventWriterOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.batchSize = options.batchSize ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 2_000;
    this.insert = options.insert ?? ((rows) => insertRunEventsIdempotent(this.db, rows));
  }

  /** Queue one event for writing. Cheap and synchronous: safe inside the provider's onEvent. */
  push(event: TimedEvent): void {
    if (this.finished) return;
    // Converted to rows at write time: the measuring path only appends.
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize && this.failures === 0) this.schedule(0);
    else this.schedule(this.intervalMs);
  }

  /** Events not stored yet (waiting, or in a write that has not succeeded yet). */
  get backlog(): number {
    return this.buffer.length + this.writingCount;
  }

  /**
   * Stop the background writes and wait until the one in flight, if any, has landed (or
   * failed back into the buffer). Call it BEFORE opening the outcome's transaction: a
   * background write needs a pooled connection of its own, and a transaction that held one
   * while waiting for it could exhaust the pool with its peers (every connection held by a
   * finishing run, each waiting for a write that waits for a connection).
   */
  async stopBackgroundWrites(): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }

  /**
   * Write every remaining event with `tx` (the outcome's transaction), once
   * `stopBackgroundWrites()` (or `remainingRows()`) has settled. The buffer is kept until
   * `committed()`: if the transaction fails, a retry writes the same events again.
   */
  async finish(tx: Executor): Promise<void> {
    // Waiting here for a background write would hang on a database of one connection
    // (PGlite): the write waits for the connection this transaction holds. So the caller must
    // have stopped them before opening the transaction; a misuse fails at once instead.
    if (!this.finished)
      throw new Error('EventWriter.finish: call stopBackgroundWrites() before the transaction');
    await this.writing;
    for (let start = 0; start < this.buffer.length; start += this.batchSize) {
      await insertRunEventsIdempotent(tx, this.rows(this.buffer.slice(start, start + this.batchSize)));
    }
  }

  /**
   * Stop the background writes (awaiting the one in flight) and give the events not stored
   * yet as rows, for a caller that stores them in its own statement; call `committed()` once
   * that statement succeeded. The buffer is kept until then, so a retry gives the same rows.
   */
  async remainingRows(): Promise<NewRunEvent[]> {
    await this.stopBackgroundWrites();
    return this.rows(this.buffer);
  }

  /** The transaction that ran `finish` (or stored `remainingRows`) committed: the buffered events are stored. */
  committed(): void {
    this.buffer.length = 0;
  }

  /** Drop the timer without writing (the run is being abandoned, e.g. reset for a retry). */
  discard(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer.length = 0;
  }

  private rows(batch: TimedEvent[]): NewRunEvent[] {
    return batch.map((event) => toRow(this.runId, event));
  }

  private schedule(delayMs: number): void {
    if (this.finished) return;
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.writeBatch());
    }, delayMs);
  }

  private async writeBatch(): Promise<void> {
    if (this.finished || this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.batchSize);
    this.writingCount = batch.length;
    try {
      await this.insert(this.rows(batch));
      this.failures = 0;
    } catch (error) {
      // Back to the front, in order: the next write (or finish) retries them. A write that
      // failed after committing is harmless to repeat (ON CONFLICT DO NOTHING).
      this.buffer.unshift(...batch);
      this.writingCount = 0;
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(
          { run_id: this.runId, err: error, failures: this.failures, backlog: this.buffer.length },
          'writing run events failed; retrying',
        );
      }
      this.schedule(Math.min(this.intervalMs * 2 ** this.failures, this.maxRetryDelayMs));
      return;
    } finally {
      this.writingCount = 0;
    }
    if (this.buffer.length > 0) this.schedule(this.buffer.length >= this.batchSize ? 0 : this.intervalMs);
  }
}

function toRow(runId: number, event: TimedEvent): NewRunEvent {
  return {
    run_id: runId,
    seq: event.seq,
    type: event.type,
    at_ms: event.at_ms,
    server_timestamp: parseTimestamp(event.server_timestamp),
    payload: storableJson(event.payload),
  };
}

/** An upstream timestamp we cannot read is dropped from the column (the payload keeps it). */
function parseTimestamp(value: string | null): Date | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
