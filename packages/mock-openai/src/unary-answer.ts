import type { ServerResponse } from 'node:http';
import { monotonicMs } from '@tfbench/mock-tinyfish';
import type { MockOpenAIBehaviour } from './behaviour.js';
import type { TruthRecorder } from './ground-truth.js';
import { HeldResponse } from './held-response.js';
import { loadMultiplier } from './load.js';
import type { Endpoint, GenerationPlan } from './plan.js';
import type { MockState } from './state.js';
import { tokenText } from './text.js';
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
export class UnaryAnswer extends HeldResponse {
  constructor(
    state: MockState,
    res: ServerResponse,
    truth: TruthRecorder,
    private readonly plan: GenerationPlan,
    private readonly setup: UnarySetup,
  ) {
    super(state, res, truth);
  }

  start(): void {
    this.hold();
    if (this.plan.fault === 'hang') return;
    const mult = loadMultiplier(this.setup.behaviour.load, this.stats.inFlight.value);
    let total = this.plan.ttft_ms;
    for (const gap of this.plan.chunk_gaps_ms) total += gap;
    const due = this.setup.startAt + total * mult;
    this.timers.push(this.state.timers.at(due, () => this.answer(due, mult)));
  }

  private answer(plannedAt: number, mult: number): void {
    if (this.closed) return;
    const { plan, setup } = this;
    let status = 200;
    let body: unknown;
    if (plan.fault === 'drop' || plan.fault === 'stream_error') this.stats.fault(plan.fault);
    if (plan.fault === 'drop') {
      this.drop();
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
    this.stats.response(status);
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
    this.settle('complete');
  }
}
