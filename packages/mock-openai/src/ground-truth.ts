import { epochMsOf, monotonicMs, type ResponseTruth } from '@tfbench/mock-tinyfish';
import type { FaultKind, MockOpenAIBehaviour } from './behaviour.js';
import type { Endpoint, FinishReason } from './plan.js';

/** What a written frame was. `response` is the single body of a non-streaming answer. */
export type FrameKind =
  | 'role'
  | 'reasoning'
  | 'content'
  | 'finish'
  | 'usage'
  | 'error'
  | 'done'
  | 'ping'
  | 'response';

/** One frame as the server sent it. */
export interface FrameTruth {
  seq: number;
  kind: FrameKind;
  /** Output tokens the frame carries (reasoning or content); 0 for the others. */
  tokens: number;
  /** When the timing model wanted it, ms after the request was received; null for unplanned frames. */
  planned_offset_ms: number | null;
  /** Stamped just before its bytes were handed to the socket, ms after the request was received. */
  offset_ms: number;
  /** The same instant on this process's monotonic clock (performance.now()). */
  mono_ms: number;
  /** The same instant as epoch ms (fractional), derived from the monotonic clock. */
  epoch_ms: number;
  bytes: number;
  /** The load multiplier in force when the frame was scheduled. */
  load_multiplier: number;
}

/** How the HTTP response went: the same record the TinyFish mock keeps. */
export type { ResponseTruth };

/** Instants a client's metrics are checked against, ms after the request was received. */
export interface TruthSummary {
  first_token_offset_ms: number | null;
  first_content_offset_ms: number | null;
  last_token_offset_ms: number | null;
  done_offset_ms: number | null;
  token_frames: number;
  tokens_sent: number;
}

/** Ground truth of one generation request, served at GET /__mock/requests/{id}/ground-truth. */
export interface RequestGroundTruth {
  /** The response id (`chatcmpl-...` / `cmpl-...`), also sent as the `x-request-id` header. */
  id: string;
  /** 1-based order among generation requests that passed validation since start or reset. */
  request_seq: number;
  seed: number;
  endpoint: Endpoint;
  model: string;
  stream: boolean;
  include_usage: boolean;
  fault: FaultKind | 'none';
  behaviour: MockOpenAIBehaviour;
  prompt_tokens: number;
  reasoning_tokens: number;
  content_tokens: number;
  output_tokens: number;
  finish_reason: FinishReason;
  /** Unloaded TTFT and per-stream speed the plan drew. */
  planned_ttft_ms: number;
  planned_tokens_per_s: number;
  /** Generation requests in flight when this one was accepted, itself included. */
  in_flight_at_start: number;
  received_mono_ms: number;
  received_epoch_ms: number;
  body_parsed_offset_ms: number;
  frames: FrameTruth[];
  summary: TruthSummary;
  response: ResponseTruth;
}

type Init = Omit<
  RequestGroundTruth,
  'frames' | 'summary' | 'response' | 'received_mono_ms' | 'received_epoch_ms' | 'body_parsed_offset_ms'
>;

/**
 * Records one request's frames. Frames are kept in parallel arrays (a few numbers each) and
 * turned into objects only when read, so 500 streams of 256 tokens stay cheap to record.
 */
export class TruthRecorder {
  private readonly kinds: FrameKind[] = [];
  private readonly tokens: number[] = [];
  private readonly planned: number[] = [];
  private readonly stamps: number[] = [];
  private readonly sizes: number[] = [];
  private readonly multipliers: number[] = [];
  readonly response: ResponseTruth = {
    status_code: null,
    headers_offset_ms: null,
    end_offset_ms: null,
    end_reason: null,
    bytes_written: 0,
  };

  constructor(
    private readonly init: Init,
    readonly receivedAt: number,
    private readonly parsedAt: number,
  ) {}

  get id(): string {
    return this.init.id;
  }

  get requestSeq(): number {
    return this.init.request_seq;
  }

  /** Records a frame stamped `now` (taken by the caller just before writing). */
  frame(
    kind: FrameKind,
    tokens: number,
    plannedAt: number | null,
    now: number,
    bytes: number,
    mult = 1,
  ): void {
    this.kinds.push(kind);
    this.tokens.push(tokens);
    this.planned.push(plannedAt === null ? Number.NaN : plannedAt);
    this.stamps.push(now);
    this.sizes.push(bytes);
    this.multipliers.push(mult);
    this.response.bytes_written += bytes;
  }

  headersSent(status: number, now: number = monotonicMs()): void {
    this.response.status_code = status;
    this.response.headers_offset_ms = now - this.receivedAt;
  }

  ended(reason: NonNullable<ResponseTruth['end_reason']>): void {
    if (this.response.end_reason !== null) return;
    this.response.end_reason = reason;
    this.response.end_offset_ms = monotonicMs() - this.receivedAt;
  }

  get finished(): boolean {
    return this.response.end_reason !== null;
  }

  snapshot(): RequestGroundTruth {
    const frames: FrameTruth[] = [];
    const summary: TruthSummary = {
      first_token_offset_ms: null,
      first_content_offset_ms: null,
      last_token_offset_ms: null,
      done_offset_ms: null,
      token_frames: 0,
      tokens_sent: 0,
    };
    for (let i = 0; i < this.kinds.length; i++) {
      const kind = this.kinds[i]!;
      const offset = this.stamps[i]! - this.receivedAt;
      const planned = this.planned[i]!;
      frames.push({
        seq: i,
        kind,
        tokens: this.tokens[i]!,
        planned_offset_ms: Number.isNaN(planned) ? null : planned - this.receivedAt,
        offset_ms: offset,
        mono_ms: this.stamps[i]!,
        epoch_ms: epochMsOf(this.stamps[i]!),
        bytes: this.sizes[i]!,
        load_multiplier: this.multipliers[i]!,
      });
      if (this.tokens[i]! > 0) {
        summary.first_token_offset_ms ??= offset;
        if (kind === 'content' || kind === 'response') summary.first_content_offset_ms ??= offset;
        summary.last_token_offset_ms = offset;
        summary.token_frames++;
        summary.tokens_sent += this.tokens[i]!;
      }
      if (kind === 'done' || kind === 'response') summary.done_offset_ms = offset;
    }
    return {
      ...this.init,
      received_mono_ms: this.receivedAt,
      received_epoch_ms: epochMsOf(this.receivedAt),
      body_parsed_offset_ms: this.parsedAt - this.receivedAt,
      frames,
      summary,
      response: { ...this.response },
    };
  }
}
