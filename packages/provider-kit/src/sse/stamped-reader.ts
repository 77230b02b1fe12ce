/**
 * The reading half every provider's event-stream mode shares. Each socket read is stamped
 * in the 'data' handler and only queued there; parsing and whatever the provider does with
 * an event run in a setImmediate drain, so the reads of every stream that arrive in one turn
 * of the event loop are stamped before any of them is parsed (docs/metrics.md §1). The
 * provider's subclass is the parser's sink: every event it sees carries `this.at`, the
 * arrival of the read that completed it.
 */
import type { IncomingMessage } from 'node:http';
import { closeWhenLingering } from '../http/linger.js';
import type { StopObserver } from '../http/stop-switch.js';
import type { RunSessionBasics } from '../run/session-basics.js';
import { SseParser, type SseSink } from './parser.js';

/** How long a finished stream may stay open before we close it ourselves. */
const CLOSE_GRACE_MS = 2000;

/** The ends every stream can have, whatever its protocol. */
export type ReaderEnd = { kind: 'broken'; at: number; reason: string } | { kind: 'stopped' };

/** What a provider's protocol says about its stream. */
export interface StreamProtocol {
  /**
   * True: any bytes keep the idle budget alive. False: only what the parser completes does
   * (the subclass touches the context per item), so a trickle of partial lines goes idle.
   */
  touchOnArrival: boolean;
  /** The end the protocol announces: the kind of end after which the socket is closed if it lingers. */
  completeKind: string;
  /** Named in the warning about events that came after it. */
  completeName: string;
}

/** A 200 with an event stream: the only response a stream reader takes. */
export function isEventStream(res: IncomingMessage): boolean {
  return res.statusCode === 200 && String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
}

/** Called by setImmediate with the reader: no closure per drain. */
function drainLater(reader: { drain(): void }): void {
  reader.drain();
}

export abstract class StampedStreamReader<End extends { kind: string }> implements SseSink, StopObserver {
  private readonly parser: SseParser;
  /** Arrival instant of the read being parsed: every event it completes gets this stamp. */
  protected at = 0;
  protected finished = false;
  /** Events the parser completed after the stream had ended; counted, never acted on. */
  protected ignoredAfterEnd = 0;
  private readonly queued: Buffer[] = [];
  private readonly queuedAt: number[] = [];
  private drainScheduled = false;
  private end: End | ReaderEnd | null = null;
  private waiter: ((end: End | ReaderEnd) => void) | null = null;

  constructor(
    private readonly run: RunSessionBasics,
    protected readonly res: IncomingMessage,
    private readonly protocol: StreamProtocol,
  ) {
    this.parser = new SseParser({ maxLineBytes: run.deps.maxLineBytes });
  }

  abstract event(type: string | null, data: string, id: string | null): void;
  abstract comment(text: string): void;
  abstract lineTooLong(bytes: number, limit: number): void;

  /** How the stream ended, once it has. */
  done(): Promise<End | ReaderEnd> {
    if (this.end !== null) return Promise.resolve(this.end);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  start(): this {
    const { res, run, protocol } = this;
    const { ctx } = run;
    const { clock } = run.deps;
    const { touchOnArrival } = protocol;
    ctx.beginPhase('IDLE_TIMEOUT', run.settings.idle_timeout_ms, clock.now());
    ctx.subscribe(this);
    res.on('data', (chunk: Buffer) => {
      // Stamp first; everything else waits for the drain.
      const at = clock.now();
      this.queued.push(chunk);
      this.queuedAt.push(at);
      if (touchOnArrival) ctx.touch(at);
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        setImmediate(drainLater, this);
      }
    });
    res.on('end', () => {
      const at = clock.now();
      this.drain();
      this.at = at;
      this.parser.finish(this);
      if (this.ignoredAfterEnd > 0) {
        run.recorder.warn(`${this.ignoredAfterEnd} event(s) after ${protocol.completeName} were ignored`);
      }
      this.finish({ kind: 'broken', at, reason: 'end of stream' });
    });
    res.on('error', (error: NodeJS.ErrnoException) => {
      const at = clock.now();
      this.drain();
      this.finish({ kind: 'broken', at, reason: error.code ?? 'connection error' });
    });
    res.on('close', () => {
      const at = clock.now();
      this.drain();
      this.finish({ kind: 'broken', at, reason: 'connection closed' });
    });
    return this;
  }

  /** Parse every queued read, in order, each with its arrival stamp. */
  drain(): void {
    this.drainScheduled = false;
    const { queued, queuedAt } = this;
    for (let i = 0; i < queued.length; i++) {
      this.at = queuedAt[i] as number;
      this.parser.feed(queued[i] as Buffer, this);
    }
    queued.length = 0;
    queuedAt.length = 0;
  }

  runStopped(): void {
    this.res.destroy();
    this.finish({ kind: 'stopped' });
  }

  protected finish(end: End | ReaderEnd): void {
    if (this.finished) return;
    this.finished = true;
    const { ctx } = this.run;
    ctx.endPhase();
    ctx.unsubscribe(this);
    // The server closes after the protocol's end; if it lingers, do not hold the socket forever.
    if (end.kind === this.protocol.completeKind) closeWhenLingering(this.res, CLOSE_GRACE_MS);
    this.end = end;
    this.waiter?.(end);
    this.waiter = null;
  }
}
