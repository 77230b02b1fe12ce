import type { ServerResponse } from 'node:http';
import { monotonicMs } from '@tfbench/mock-tinyfish';
import type { MockOpenAIBehaviour } from './behaviour.js';
import type { TruthRecorder } from './ground-truth.js';
import { loadMultiplier } from './load.js';
import type { Endpoint, GenerationPlan } from './plan.js';
import type { MockState, OpenResponse } from './state.js';
import type { StatsCounters } from './stats.js';
import { tokenText } from './text.js';
import type { TimerEntry } from './timer-queue.js';
import { completionBody, errorBody } from './wire.js';

export interface UnarySetup {
  id: string;
  endpoint: Endpoint;
  model: string;
  created: number;
  behaviour: MockOpenAIBehaviour;
  promptTokens: number;
  startAt: number;
}

/**
 * A non-streaming answer: the whole body once the stream it stands for would have ended
 * (TTFT plus every gap, scaled by the load when the request was accepted). Stream faults
 * become their unary forms: `stream_error` a 500 at that moment, `drop` a reset connection
 * without a response, `hang` no response at all.
 */
export class UnaryAnswer implements OpenResponse {
  private timer: TimerEntry | null = null;
  private closed = false;
  private released = false;
  private readonly stats: StatsCounters;

  constructor(
    private readonly state: MockState,
    private readonly res: ServerResponse,
    private readonly plan: GenerationPlan,
    private readonly truth: TruthRecorder,
    private readonly setup: UnarySetup,
  ) {
    this.stats = state.stats;
  }

  start(): void {
    this.stats.inFlightStarted();
    this.state.open.add(this);
    this.res.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.truth.ended('client_closed');
      this.release();
    });
    if (this.plan.fault === 'hang') return;
    const mult = loadMultiplier(this.setup.behaviour.load, this.stats.inFlight);
    let total = this.plan.ttft_ms;
    for (const gap of this.plan.chunk_gaps_ms) total += gap;
    const due = this.setup.startAt + total * mult;
    this.timer = this.state.timers.at(due, () => this.answer(due, mult));
  }

  closeByServer(): void {
    if (this.closed) return;
    this.closed = true;
    this.truth.ended('server_closed');
    this.res.destroy();
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.state.timers.cancel(this.timer);
    this.state.open.delete(this);
    this.stats.inFlightEnded();
  }

  private answer(plannedAt: number, mult: number): void {
    if (this.closed) return;
    const { plan, setup } = this;
    let status = 200;
    let body: unknown;
    if (plan.fault === 'drop' || plan.fault === 'stream_error') this.stats.fault(plan.fault);
    if (plan.fault === 'drop') {
      this.closed = true;
      this.truth.ended('dropped');
      this.res.destroy();
      this.release();
      return;
    }
    if (plan.fault === 'stream_error') {
      status = 500;
      body = errorBody(
        {
          status,
          message: setup.behaviour.error_message ?? 'The server had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        },
        setup.behaviour.quirks.error_shape,
      );
    } else {
      body = completionBody({
        endpoint: setup.endpoint,
        id: setup.id,
        created: setup.created,
        model: setup.model,
        reasoningField: setup.behaviour.quirks.reasoning_field,
        reasoningText: tokenText('reasoning', plan.word_offset, 0, plan.reasoning_tokens),
        contentText: tokenText('content', plan.word_offset, 0, plan.content_tokens),
        finish: plan.finish_reason,
        usage: {
          prompt: setup.promptTokens,
          completion: plan.output_tokens,
          reasoning: plan.reasoning_tokens,
        },
      });
      this.stats.tokensSent += plan.output_tokens;
    }
    const json = JSON.stringify(body);
    const now = monotonicMs();
    this.stats.status(status);
    this.res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(json)),
      'x-request-id': setup.id,
    });
    this.res.end(json);
    this.truth.headersSent(status, now);
    const tokens = status === 200 ? plan.output_tokens : 0;
    this.truth.frame(
      status === 200 ? 'response' : 'error',
      tokens,
      plannedAt,
      now,
      Buffer.byteLength(json),
      mult,
    );
    this.closed = true;
    this.truth.ended('complete');
    this.release();
  }
}
