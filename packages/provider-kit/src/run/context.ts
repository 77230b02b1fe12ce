/**
 * The time budget and stop switch of one run. Every piece of I/O in the run stops when the
 * run stops; `stop()` records why (a timeout or the caller's abort) and at which instant,
 * then stops everything at once. The first reason wins.
 *
 * All of a run's deadlines share ONE timer: the total budget, and the budget of the phase
 * the run is in (connect, response headers, or idle between stream events). The timer is
 * armed for the earliest deadline it may have to enforce and re-checks when it fires, so a
 * deadline that moved later (the idle budget starting again at every event) costs a number
 * store rather than timer work. A run that ends before its first deadline, the usual case,
 * sets one timer and clears it.
 *
 * I/O on the measuring path subscribes to the stop with {@link StopObserver}s (a call per
 * stop, no EventTarget); `signal` is created only for code that needs an AbortSignal.
 */
import type { StopObserver, StopSwitch } from '../http/stop-switch.js';
import type { MonotonicClock } from '../timing/clock.js';

export type { StopObserver } from '../http/stop-switch.js';

export type TimeoutCode = 'CONNECT_TIMEOUT' | 'HEADERS_TIMEOUT' | 'IDLE_TIMEOUT' | 'TOTAL_TIMEOUT';

/** A budget that runs while one phase of the run lasts. */
export type PhaseTimeoutCode = Exclude<TimeoutCode, 'TOTAL_TIMEOUT'>;

export type StopReason = { kind: 'timeout'; code: TimeoutCode; message: string } | { kind: 'abort' };

/** node's longest timer; a longer delay would fire after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** The timer's callback: module-level with the context as argument, so no closure per run. */
function onDeadline(ctx: RunContext): void {
  ctx.checkDeadlines();
}

export class RunContext implements StopSwitch {
  private controller: AbortController | null = null;
  private observers: StopObserver[] | null = null;
  private readonly deadline: number;
  private timer: NodeJS.Timeout | null = null;
  /** The instant the timer is armed for; Infinity when it is not armed. */
  private timerAt = Number.POSITIVE_INFINITY;
  private phase: PhaseTimeoutCode | null = null;
  private phaseBudgetMs = 0;
  private phaseDeadline = Number.POSITIVE_INFINITY;
  private onExternalAbort: (() => void) | null = null;
  reason: StopReason | null = null;
  /** Monotonic instant of the stop. */
  stoppedAt: number | null = null;

  /**
   * The total budget starts now. The timer is armed by the first phase, or by
   * {@link ensureArmed}, whichever comes first.
   */
  constructor(
    private readonly clock: MonotonicClock,
    private readonly totalTimeoutMs: number,
    private readonly external: AbortSignal | undefined,
    /** Who the phase-timeout messages name, e.g. "TinyFish". */
    private readonly upstreamName = 'the upstream',
  ) {
    this.deadline = clock.now() + totalTimeoutMs;
    if (external?.aborted) this.stop({ kind: 'abort' });
    else if (external !== undefined) {
      this.onExternalAbort = () => this.stop({ kind: 'abort' });
      external.addEventListener('abort', this.onExternalAbort, { once: true });
    }
  }

  /** An AbortSignal that aborts when the run stops (created on first use). */
  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.reason !== null) this.controller.abort();
    }
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.reason !== null;
  }

  /** Budget left, in ms (0 when spent). */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  /**
   * Call `observer.runStopped()` when the run stops; at once if it already has. An
   * observer is called at most once; unsubscribe it when its I/O is over.
   */
  subscribe(observer: StopObserver): void {
    if (this.reason !== null) {
      observer.runStopped();
      return;
    }
    if (this.observers === null) this.observers = [observer];
    else this.observers.push(observer);
  }

  unsubscribe(observer: StopObserver): void {
    const observers = this.observers;
    if (observers === null) return;
    const index = observers.lastIndexOf(observer);
    if (index !== -1) observers.splice(index, 1);
  }

  stop(reason: StopReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.stoppedAt = this.clock.now();
    this.disarm();
    const observers = this.observers;
    this.observers = null;
    if (observers !== null) for (const observer of observers) observer.runStopped();
    this.controller?.abort();
  }

  /** The phase in force, if any. */
  get currentPhase(): PhaseTimeoutCode | null {
    return this.phase;
  }

  /** Start a phase budget at `now`, replacing the current phase. */
  beginPhase(code: PhaseTimeoutCode, budgetMs: number, now: number): void {
    this.phase = code;
    this.phaseBudgetMs = budgetMs;
    this.phaseDeadline = now + budgetMs;
    if (this.phaseDeadline < this.timerAt) this.arm(Math.min(this.phaseDeadline, this.deadline), now);
  }

  /** Activity at `now`: the current phase's budget starts again (the idle budget's use). */
  touch(now: number): void {
    if (this.phase !== null) this.phaseDeadline = now + this.phaseBudgetMs;
  }

  /** No phase budget any more; the total budget still runs. */
  endPhase(): void {
    this.phase = null;
    this.phaseDeadline = Number.POSITIVE_INFINITY;
  }

  /** Make sure the total budget is enforced even if no phase armed the timer. */
  ensureArmed(): void {
    if (this.timer === null && this.reason === null) {
      this.arm(Math.min(this.phaseDeadline, this.deadline), this.clock.now());
    }
  }

  /** @internal The timer fired: stop on the deadline that passed, or re-arm for the next one. */
  checkDeadlines(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.reason !== null) return;
    const now = this.clock.now();
    const phaseFirst = this.phaseDeadline <= this.deadline;
    if (phaseFirst && this.phase !== null && now >= this.phaseDeadline) {
      this.stop({
        kind: 'timeout',
        code: this.phase,
        message: phaseMessage(this.phase, this.phaseBudgetMs, this.upstreamName),
      });
    } else if (now >= this.deadline) {
      this.stop({
        kind: 'timeout',
        code: 'TOTAL_TIMEOUT',
        message: `the run exceeded its total budget of ${this.totalTimeoutMs} ms`,
      });
    } else {
      // Early: the phase moved on or its deadline moved later (node's timers may also fire
      // a little before a deadline read from this clock).
      this.arm(Math.min(this.phaseDeadline, this.deadline), now);
    }
  }

  /** Wait `ms`; resolves false at once if the run stops meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const observer: StopObserver = {
        runStopped: () => {
          clearTimeout(timer);
          resolve(false);
        },
      };
      const timer = setTimeout(() => {
        this.unsubscribe(observer);
        resolve(true);
      }, ms);
      this.subscribe(observer);
    });
  }

  dispose(): void {
    this.disarm();
    this.observers = null;
    if (this.onExternalAbort !== null) this.external?.removeEventListener('abort', this.onExternalAbort);
  }

  private arm(at: number, now: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    // Capped at node's longest timer; a longer budget re-arms when this one fires.
    this.timer = setTimeout(onDeadline, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(at - now))), this);
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}

/** The messages the clients have always used for these timeouts. */
function phaseMessage(code: PhaseTimeoutCode, budgetMs: number, upstream: string): string {
  switch (code) {
    case 'CONNECT_TIMEOUT':
      return `no connection to ${upstream} within ${budgetMs} ms`;
    case 'HEADERS_TIMEOUT':
      return `no response headers from ${upstream} within ${budgetMs} ms`;
    case 'IDLE_TIMEOUT':
      return `no stream event for ${budgetMs} ms`;
  }
}
