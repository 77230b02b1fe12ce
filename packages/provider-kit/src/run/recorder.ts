/**
 * The timeline of one run: numbers events, stamps them relative to t0, hands them to the
 * caller's `onEvent`, and keeps the instants every provider's metrics start from (the
 * response headers, the last attempt, the end). t0 is the moment the first request was
 * about to be created (see `startExchange`). A provider extends it with the landmarks of
 * its own protocol.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { roundMs } from '../timing/clock.js';

export class RunRecorder {
  private seq = 0;
  private origin: number | null = null;
  readonly warnings: string[] = [];
  /** Absolute (monotonic) instants of the landmarks. */
  headersAt: number | null = null;
  completeAt: number | null = null;
  lastAttemptAt: number | null = null;

  constructor(private readonly onEvent: ((event: TimedEvent) => void) | undefined) {}

  /** Set t0 (first call wins: later attempts keep the run's origin). */
  begin(t0: number): void {
    this.origin ??= t0;
    this.lastAttemptAt = t0;
  }

  get t0(): number | null {
    return this.origin;
  }

  get eventCount(): number {
    return this.seq;
  }

  /** ms since t0, microsecond precision; 0 before t0 is set. */
  offset(at: number): number {
    return this.origin === null ? 0 : roundMs(at - this.origin);
  }

  /** Number, stamp and hand over one event. With no `onEvent`, only the count moves. */
  emit(
    type: string,
    at: number,
    source: TimedEvent['source'],
    payload: Record<string, unknown>,
    serverTimestamp: string | null = null,
  ): void {
    const seq = ++this.seq;
    if (this.onEvent === undefined) return;
    const event: TimedEvent = {
      seq,
      type,
      at_ms: this.offset(at),
      server_timestamp: serverTimestamp,
      source,
      payload,
    };
    try {
      this.onEvent(event);
    } catch (error) {
      if (this.warnings.length < 20) {
        this.warnings.push(`onEvent threw on event ${seq} (${type}): ${(error as Error)?.message ?? error}`);
      }
    }
  }

  warn(message: string): void {
    if (this.warnings.length < 20 && !this.warnings.includes(message)) this.warnings.push(message);
  }
}
