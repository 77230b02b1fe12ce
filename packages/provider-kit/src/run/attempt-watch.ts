import type { IncomingMessage } from 'node:http';
import type { ExchangeWatch } from '../http/transport.js';
import type { MonotonicClock } from '../timing/clock.js';
import type { RunContext } from './context.js';
import type { RunRecorder } from './recorder.js';

/**
 * Moves a run's budget through the phases of a request (connect, then headers unless the
 * endpoint answers only when done: `headersBudgetMs` null) and stamps the headers' arrival
 * on the recorder, then hands the response to `adopt` before anything else runs.
 */
export class AttemptWatch implements ExchangeWatch {
  constructor(
    private readonly ctx: RunContext,
    private readonly clock: MonotonicClock,
    private readonly recorder: RunRecorder,
    private readonly headersBudgetMs: number | null,
    private readonly adopt: ((res: IncomingMessage) => void) | null,
  ) {}

  exchangeConnected(): void {
    const { ctx } = this;
    if (ctx.currentPhase !== 'CONNECT_TIMEOUT') return;
    if (this.headersBudgetMs === null) ctx.endPhase();
    else ctx.beginPhase('HEADERS_TIMEOUT', this.headersBudgetMs, this.clock.now());
  }

  exchangeResponded(res: IncomingMessage): void {
    this.recorder.headersAt = this.clock.now();
    this.ctx.endPhase();
    this.adopt?.(res);
  }
}
