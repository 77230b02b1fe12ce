import type { ServerResponse } from 'node:http';
import { isoOf, monotonicMs } from './clock.js';
import type { GroundTruthEvent } from './ground-truth.js';
import type { FaultKind } from './model.js';
import type { PlannedEvent } from './plan.js';
import type { RunSink } from './run-execution.js';
import type { RunRecord } from './run-record.js';
import type { StatsCounters } from './stats.js';
import { eventJson, sseFrame } from './wire.js';

/** Headers of a run-sse response (inferred from the spec; no Content-Length, so chunked). */
export const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } as const;

/**
 * Writes one run's events to its run-sse response: exactly one single-line `data:` JSON per
 * event then a blank line, no `event:`/`id:`/`retry:` fields, and the end of the response after
 * COMPLETE. Stream faults live here: hang after headers, drop mid-stream, a malformed frame and
 * a runaway line. The run itself goes on server-side whatever happens to the stream, as the
 * real API's runs do when a client disconnects.
 */
export class SseStream implements RunSink {
  private framesWritten = 0;
  private closed = false;
  private injected = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly run: RunRecord,
    private readonly fault: FaultKind,
    private readonly stats: StatsCounters,
  ) {}

  get wantsHeartbeats(): boolean {
    return !this.closed && this.fault !== 'hang_after_headers';
  }

  /** Sends the headers now, before STARTED, as a streaming server does. */
  open(): void {
    const { res, run } = this;
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    run.truth.headersSent(200);
    this.stats.streamOpened();
    res.on('close', () => {
      this.stats.streamClosed();
      if (!this.closed) {
        this.closed = true;
        run.truth.responseEnded('client_closed');
      }
    });
    this.maybeInject();
  }

  /** Ends the stream because the server is shutting down or being reset. */
  closeByServer(): void {
    if (this.closed) return;
    this.closed = true;
    this.run.truth.responseEnded('server_closed');
    this.res.destroy();
  }

  deliver(ev: PlannedEvent, plannedAt: number, now: number): void {
    const truth = this.run.truth;
    const b = this.run.behaviour;
    if (this.closed || this.fault === 'hang_after_headers') {
      truth.event(ev.type, plannedAt, now);
      return;
    }
    if (
      this.fault === 'drop_mid_stream' &&
      (this.framesWritten >= b.drop_after_events || ev.type === 'COMPLETE')
    ) {
      // Destroyed at the next event rather than right after the Nth frame, so that frame has
      // left the socket buffer; the client sees N events, then a connection reset, no COMPLETE.
      truth.event(ev.type, plannedAt, now);
      this.closed = true;
      truth.responseEnded('dropped');
      this.res.destroy();
      return;
    }
    if (ev.type === 'COMPLETE') this.maybeInject(now);
    const record = truth.event(ev.type, plannedAt, now);
    this.write(record, sseFrame(eventJson(ev, this.run, isoOf(record.epoch_ms)), b));
    this.framesWritten++;
    if (ev.type === 'COMPLETE') {
      this.closed = true;
      truth.responseEnded('complete');
      this.res.end();
      return;
    }
    this.maybeInject();
  }

  private write(record: GroundTruthEvent, frame: string): void {
    this.res.write(frame);
    record.written = true;
    record.bytes = Buffer.byteLength(frame);
    this.run.truth.wrote(record.bytes);
  }

  /**
   * Injects the fault's extra frame once its threshold is reached, or at the latest just before
   * COMPLETE (then `completeAt` is COMPLETE's stamp, so recorded offsets stay in order).
   */
  private maybeInject(completeAt?: number): void {
    const beforeComplete = completeAt !== undefined;
    const now = completeAt ?? monotonicMs();
    if (this.injected) return;
    const b = this.run.behaviour;
    if (
      this.fault === 'malformed_frame' &&
      (beforeComplete || this.framesWritten >= b.malformed_after_events)
    ) {
      this.injected = true;
      const record = this.run.truth.event('MALFORMED_FRAME', null, now);
      this.write(record, malformedFrame(this.run));
    } else if (
      this.fault === 'runaway_line' &&
      (beforeComplete || this.framesWritten >= b.runaway_after_events)
    ) {
      this.injected = true;
      const record = this.run.truth.event('RUNAWAY_LINE', null, now);
      this.write(record, runawayFrame(this.run, isoOf(record.epoch_ms)));
    }
  }
}

/** A PROGRESS frame whose JSON is cut off mid-string. */
function malformedFrame(run: RunRecord): string {
  const idKey = run.behaviour.spelling === 'camel' ? 'runId' : 'run_id';
  return sseFrame(`{"type":"PROGRESS","${idKey}":"${run.run_id}","purpose":"Reading the pa`, run.behaviour);
}

/**
 * A valid TF_API_RESULT frame whose single line is `runaway_line_bytes` long, like a fetch
 * result carrying a whole page: a client without a line-length cap buffers all of it.
 */
function runawayFrame(run: RunRecord, timestamp: string): string {
  const b = run.behaviour;
  const idKey = b.spelling === 'camel' ? 'runId' : 'run_id';
  const head = `{"type":"TF_API_RESULT","${idKey}":"${run.run_id}","tinyfish_api":"fetch","result":[{"url":"https://example.com/","content":"`;
  const tail = `"}],"timestamp":"${timestamp}"}`;
  // runaway_line_bytes is the length of the `data: ...` line itself, without its line ending.
  const padding = Math.max(0, b.runaway_line_bytes - 'data: '.length - head.length - tail.length);
  return sseFrame(head + 'x'.repeat(padding) + tail, b);
}
