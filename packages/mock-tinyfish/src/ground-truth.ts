import { epochMsOf, monotonicMs } from './clock.js';
import type { FaultKind, MockBehaviour, RunOutcome } from './model.js';
import type { EventType } from './plan.js';

export type RunStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type RunEndpoint = 'run-sse' | 'run' | 'run-async' | 'run-batch';

/** What really happened to one event of a run, as recorded by the mock. */
export interface GroundTruthEvent {
  /** Position among this run's recorded events, from 0. */
  seq: number;
  /** The SSE event type, or a fault's extra frame. */
  type: EventType | 'MALFORMED_FRAME' | 'RUNAWAY_LINE';
  /** When the model scheduled it, in ms after the request was received; null for injected frames. */
  planned_offset_ms: number | null;
  /** When it happened (just before its bytes were handed to the socket), ms after the request was received. */
  offset_ms: number;
  /** The same instant as epoch milliseconds (fractional). */
  epoch_ms: number;
  /** True when the frame was written to the HTTP response (SSE runs with a live, non-hung stream). */
  written: boolean;
  /** Size of the written frame in bytes (0 when not written). */
  bytes: number;
}

/** How the HTTP response of the run-creating request went. */
export interface ResponseTruth {
  status_code: number | null;
  /** When the response headers were sent, ms after the request was received. */
  headers_offset_ms: number | null;
  /** When the response ended or its connection was closed, ms after the request was received. */
  end_offset_ms: number | null;
  /** complete: ended normally; dropped: a fault cut it; client_closed; server_closed: shutdown or reset. */
  end_reason: 'complete' | 'dropped' | 'client_closed' | 'server_closed' | null;
  bytes_written: number;
}

/** The ground truth of one run, served at GET /__mock/runs/{id}/ground-truth. */
export interface RunGroundTruth {
  run_id: string;
  endpoint: RunEndpoint;
  /** 1-based index of the run-creating request among all run-creating requests since start/reset. */
  request_seq: number;
  /** The seed of this run's own generator. */
  seed: number;
  fault: FaultKind;
  outcome: RunOutcome;
  status: RunStatus;
  steps_planned: number;
  /** The resolved behaviour model of this run (server model merged with the request's `mock`). */
  behaviour: MockBehaviour;
  /** When the request arrived (handler entry), epoch ms. Offsets below are relative to it. */
  received_epoch_ms: number;
  /** When the body had been read and parsed; the model's delays count from here. */
  body_parsed_offset_ms: number;
  /** Time spent waiting for a concurrency slot (0 without a limit); null while still waiting. */
  queue_wait_ms: number | null;
  events: GroundTruthEvent[];
  response: ResponseTruth;
}

/** Records one run's ground truth against the monotonic instant its request was received. */
export class GroundTruthRecorder {
  readonly data: RunGroundTruth;

  constructor(
    init: Omit<
      RunGroundTruth,
      'events' | 'response' | 'received_epoch_ms' | 'body_parsed_offset_ms' | 'queue_wait_ms'
    >,
    private readonly receivedAt: number,
    bodyParsedAt: number,
  ) {
    this.data = {
      ...init,
      received_epoch_ms: epochMsOf(receivedAt),
      body_parsed_offset_ms: bodyParsedAt - receivedAt,
      queue_wait_ms: null,
      events: [],
      response: {
        status_code: null,
        headers_offset_ms: null,
        end_offset_ms: null,
        end_reason: null,
        bytes_written: 0,
      },
    };
  }

  offsetOf(monotonic: number): number {
    return monotonic - this.receivedAt;
  }

  /**
   * Appends an event stamped `now` (monotonic ms, taken by the caller just before it writes);
   * the caller marks it written once its bytes are out.
   */
  event(
    type: GroundTruthEvent['type'],
    plannedAt: number | null,
    now: number = monotonicMs(),
  ): GroundTruthEvent {
    const ev: GroundTruthEvent = {
      seq: this.data.events.length,
      type,
      planned_offset_ms: plannedAt === null ? null : plannedAt - this.receivedAt,
      offset_ms: now - this.receivedAt,
      epoch_ms: epochMsOf(now),
      written: false,
      bytes: 0,
    };
    this.data.events.push(ev);
    return ev;
  }

  headersSent(statusCode: number): void {
    this.data.response.status_code = statusCode;
    this.data.response.headers_offset_ms = monotonicMs() - this.receivedAt;
  }

  wrote(bytes: number): void {
    this.data.response.bytes_written += bytes;
  }

  responseEnded(reason: NonNullable<ResponseTruth['end_reason']>): void {
    if (this.data.response.end_reason !== null) return;
    this.data.response.end_reason = reason;
    this.data.response.end_offset_ms = monotonicMs() - this.receivedAt;
  }
}
