import type { IncomingMessage } from 'node:http';
import type { ExchangeWatch } from '@tfbench/provider-kit/http';
import type { RunSession } from './session.js';

/**
 * Moves a run's budget through the phases of its run-creating request (connect, then
 * headers unless the endpoint answers only when done) and stamps the headers' arrival.
 */
export class AttemptWatch implements ExchangeWatch {
  constructor(
    private readonly session: RunSession,
    private readonly headersBudgetMs: number | null,
    private readonly adopt: ((res: IncomingMessage) => void) | null,
  ) {}

  exchangeConnected(): void {
    const { ctx, deps } = this.session;
    if (ctx.currentPhase !== 'CONNECT_TIMEOUT') return;
    if (this.headersBudgetMs === null) ctx.endPhase();
    else ctx.beginPhase('HEADERS_TIMEOUT', this.headersBudgetMs, deps.clock.now());
  }

  exchangeResponded(res: IncomingMessage): void {
    const { ctx, deps, recorder } = this.session;
    recorder.headersAt = deps.clock.now();
    ctx.endPhase();
    this.adopt?.(res);
  }
}
