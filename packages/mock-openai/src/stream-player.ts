import type { ServerResponse } from 'node:http';
import { monotonicMs } from '@tfbench/mock-tinyfish';
import type { MockOpenAIBehaviour } from './behaviour.js';
import type { FrameKind, TruthRecorder } from './ground-truth.js';
import { HeldResponse } from './held-response.js';
import { loadMultiplier } from './load.js';
import type { Endpoint, GenerationPlan } from './plan.js';
import type { MockState } from './state.js';
import { tokenText } from './text.js';
import { DONE_FRAME, type FrameBuilder, PING_FRAME, SSE_HEADERS, streamErrorFrame } from './wire.js';

/** What a stream needs besides its plan. */
export interface StreamSetup {
  id: string;
  endpoint: Endpoint;
  behaviour: MockOpenAIBehaviour;
  frames: FrameBuilder;
  includeUsage: boolean;
  /** Monotonic ms when the body was parsed: TTFT counts from here. */
  startAt: number;
}

/**
 * Plays one plan to an SSE response in real time. It holds at most two entries in the server's
 * timer queue (its next chunk and its next ping); each deadline is the previous deadline plus
 * the next gap (scaled by the load at that moment), so timer lateness does not accumulate.
 */
export class StreamPlayer extends HeldResponse {
  private nextChunk = 0;
  private reasoningSent = 0;
  private contentSent = 0;

  constructor(
    state: MockState,
    res: ServerResponse,
    truth: TruthRecorder,
    private readonly plan: GenerationPlan,
    private readonly setup: StreamSetup,
  ) {
    super(state, res, truth);
  }

  start(): void {
    const { res, truth, setup, stats } = this;
    res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': setup.id });
    res.flushHeaders();
    truth.headersSent(200);
    stats.response(200);
    stats.streamOpened();
    this.hold();
    // A hang: the status line and headers went out, then nothing, ever.
    if (this.plan.fault === 'hang') return;
    const quirks = setup.behaviour.quirks;
    if (setup.endpoint === 'chat' && quirks.role_chunk) this.write('role', 0, null, setup.frames.role());
    const mult = loadMultiplier(setup.behaviour.load, stats.inFlight.value);
    this.scheduleChunk(setup.startAt + this.plan.ttft_ms * mult, mult);
    if (quirks.ping_interval_ms > 0) this.schedulePing(monotonicMs() + quirks.ping_interval_ms);
  }

  protected override onRelease(): void {
    this.stats.streamClosed();
  }

  private scheduleChunk(due: number, mult: number): void {
    this.timers[0] = this.state.timers.at(due, () => this.onChunkDue(due, mult));
  }

  private schedulePing(due: number): void {
    this.timers[1] = this.state.timers.at(due, () => {
      if (this.closed) return;
      this.write('ping', 0, due, PING_FRAME);
      this.schedulePing(due + this.setup.behaviour.quirks.ping_interval_ms);
    });
  }

  private onChunkDue(plannedAt: number, mult: number): void {
    if (this.closed) return;
    const plan = this.plan;
    const i = this.nextChunk;
    if (i === plan.fault_at_chunk && (plan.fault === 'stream_error' || plan.fault === 'drop')) {
      this.strike(plannedAt, mult);
      return;
    }
    if (i >= plan.chunk_tokens.length) {
      // Only reached when a fault was planned after the last token; the stream then ends normally.
      this.finish(plannedAt, mult, true);
      return;
    }
    const n = plan.chunk_tokens[i]!;
    const kind = plan.chunk_kinds[i]!;
    const index = kind === 'reasoning' ? this.reasoningSent : this.contentSent;
    const text = tokenText(kind, plan.word_offset, index, n);
    if (kind === 'reasoning') this.reasoningSent += n;
    else this.contentSent += n;
    this.nextChunk++;
    const last = this.nextChunk === plan.chunk_tokens.length;
    const finishHere = last && this.setup.behaviour.quirks.finish_chunk === 'with_last_token';
    const frame = this.setup.frames.tokens(
      kind,
      text,
      finishHere ? plan.finish_reason : null,
      this.reasoningSent + this.contentSent,
      this.reasoningSent,
    );
    this.write(kind, n, plannedAt, frame, mult);
    this.stats.tokensSent += n;
    if (last && !this.faultAfterLastToken()) {
      this.finish(plannedAt, mult, !finishHere);
      return;
    }
    const nextMult = loadMultiplier(this.setup.behaviour.load, this.stats.inFlight.value);
    const gap = (plan.chunk_gaps_ms[this.nextChunk] ?? 0) * nextMult;
    // Deadlines follow the plan, so small timer lateness does not add up along the stream; after
    // a long stall (a starved process) the next chunk still keeps half its gap rather than
    // bursting out with the others that fell due meanwhile.
    this.scheduleChunk(Math.max(plannedAt + gap, monotonicMs() + gap / 2), nextMult);
  }

  private faultAfterLastToken(): boolean {
    const p = this.plan;
    return (p.fault === 'stream_error' || p.fault === 'drop') && p.fault_at_chunk >= p.chunk_tokens.length;
  }

  /** Finish chunk (unless it rode on the last token), usage chunk, [DONE]: one write, then the end. */
  private finish(plannedAt: number, mult: number, separateFinish: boolean): void {
    const { frames, includeUsage, behaviour } = this.setup;
    const total = this.reasoningSent + this.contentSent;
    const parts: [FrameKind, string][] = [];
    if (separateFinish)
      parts.push(['finish', frames.finish(this.plan.finish_reason, total, this.reasoningSent)]);
    if (includeUsage && behaviour.quirks.usage_chunk !== 'never') {
      parts.push(['usage', frames.usage(total, this.reasoningSent)]);
    }
    parts.push(['done', DONE_FRAME]);
    this.writeAll(parts, plannedAt, mult);
    this.end();
  }

  private strike(plannedAt: number, mult: number): void {
    const { behaviour } = this.setup;
    this.stats.fault(this.plan.fault as 'stream_error' | 'drop');
    if (this.plan.fault === 'drop') {
      this.drop();
      return;
    }
    const message = behaviour.error_message ?? 'The server had an error while processing your request.';
    const parts: [FrameKind, string][] = [['error', streamErrorFrame(message)]];
    if (behaviour.quirks.done_after_error) parts.push(['done', DONE_FRAME]);
    this.writeAll(parts, plannedAt, mult);
    this.end();
  }

  private end(): void {
    this.res.end();
    this.settle('complete');
  }

  private write(kind: FrameKind, tokens: number, plannedAt: number | null, frame: string, mult = 1): void {
    const now = monotonicMs();
    this.res.write(frame);
    this.truth.frame(kind, tokens, plannedAt, now, Buffer.byteLength(frame), mult);
  }

  /** Several frames due at one instant go out in a single write, each recorded at that instant. */
  private writeAll(parts: [FrameKind, string][], plannedAt: number, mult: number): void {
    const now = monotonicMs();
    this.res.write(parts.map((p) => p[1]).join(''));
    for (const [kind, frame] of parts)
      this.truth.frame(kind, 0, plannedAt, now, Buffer.byteLength(frame), mult);
  }
}
