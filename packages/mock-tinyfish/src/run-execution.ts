import { epochMsOf, monotonicMs } from './clock.js';
import type { ConcurrencyGate } from './concurrency-gate.js';
import type { PlannedEvent } from './plan.js';
import type { RunRecord } from './run-record.js';
import type { StatsCounters } from './stats.js';

/** Receives a run's events as they happen; the SSE stream of the creating request is the only one. */
export interface RunSink {
  /** False once the stream is gone or hung, which stops heartbeats. */
  readonly wantsHeartbeats: boolean;
  /** Records the event in the ground truth, stamped `now`, and writes it if it can. */
  deliver(ev: PlannedEvent, plannedAt: number, now: number): void;
}

/** Events are fired up to this many ms before their planned time rather than re-arming a timer for less. */
const EARLY_TOLERANCE_MS = 1;

const MAX_TIMER_MS = 2_147_483_647;

const HEARTBEAT: PlannedEvent = { type: 'HEARTBEAT', at_ms: 0 };

/**
 * Plays a run's plan back in real time. A run owns at most one timer at a time, armed for its
 * next due event (planned or heartbeat), so thousands of concurrent runs cost thousands of
 * timers and no polling. Deadlines are absolute (anchor + offset), so timer lateness never
 * accumulates along the run.
 */
export class RunExecution {
  sink: RunSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Monotonic ms when the run got its concurrency slot; planned offsets count from here. */
  private anchor: number | null = null;
  private nextIndex = 0;
  private nextHeartbeat = Number.POSITIVE_INFINITY;
  private lastEventAt: number;
  private holdsSlot = false;
  private withdraw: (() => void) | null = null;
  private readonly terminalListeners: (() => void)[] = [];

  constructor(
    readonly run: RunRecord,
    /** Monotonic ms when the request body was parsed. */
    private readonly openedAt: number,
    private readonly gate: ConcurrencyGate,
    private readonly stats: StatsCounters,
  ) {
    this.lastEventAt = openedAt;
  }

  get finished(): boolean {
    return this.run.finished_epoch_ms !== null;
  }

  /** Registers a callback for when the run reaches a terminal status. */
  onTerminal(listener: () => void): void {
    if (this.finished) listener();
    else this.terminalListeners.push(listener);
  }

  /** Starts the run: heartbeats from now (when a stream is attached), events once a slot is free. */
  start(): void {
    this.stats.runCreated();
    const interval = this.run.behaviour.heartbeat_interval_ms;
    if (this.sink && interval > 0) this.nextHeartbeat = this.openedAt + interval;
    let starting = true;
    this.withdraw = this.gate.acquire(() => {
      this.withdraw = null;
      this.holdsSlot = true;
      this.stats.slotTaken();
      // A slot free at once means no queue: the model's delays count from the parsed request.
      this.anchor = starting ? this.openedAt : monotonicMs();
      this.run.truth.data.queue_wait_ms = this.anchor - this.openedAt;
      this.reschedule();
    });
    starting = false;
    if (this.anchor === null) this.reschedule();
  }

  /**
   * Ends a non-terminal run now with status CANCELLED: a stream attached to it gets
   * COMPLETE{status:"CANCELLED"} and closes.
   */
  cancel(): void {
    if (this.finished) return;
    this.clearTimer();
    if (this.withdraw) {
      this.withdraw();
      this.withdraw = null;
    }
    this.fire({ type: 'COMPLETE', at_ms: 0 }, null, 'CANCELLED');
  }

  /** Stops all timers without touching the run (server shutdown or reset). */
  abort(): void {
    this.clearTimer();
    if (this.withdraw) this.withdraw();
    this.withdraw = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private reschedule(): void {
    this.clearTimer();
    this.tick();
  }

  private readonly tick = (): void => {
    this.timer = null;
    const events = this.run.plan.events;
    while (!this.finished) {
      const now = monotonicMs();
      const planned =
        this.anchor === null || this.nextIndex >= events.length
          ? Number.POSITIVE_INFINITY
          : this.anchor + events[this.nextIndex]!.at_ms;
      const heartbeat = this.sink?.wantsHeartbeats ? this.nextHeartbeat : Number.POSITIVE_INFINITY;
      const due = Math.min(planned, heartbeat);
      if (due === Number.POSITIVE_INFINITY) return;
      if (due - now > EARLY_TOLERANCE_MS) {
        // Node turns delays beyond 2^31-1 ms into 1 ms; re-arming at the cap is correct instead.
        this.timer = setTimeout(this.tick, Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(due - now))));
        return;
      }
      // On a tie the planned event goes first: a heartbeat at the instant of COMPLETE would be noise.
      if (heartbeat < planned) {
        this.nextHeartbeat += this.run.behaviour.heartbeat_interval_ms;
        this.sink!.deliver(HEARTBEAT, heartbeat, monotonicMs());
      } else {
        const ev = events[this.nextIndex++]!;
        this.fire(ev, planned, this.run.plan.outcome);
      }
    }
  };

  /** Applies an event to the run's state, then hands it to the stream (or records it). */
  private fire(ev: PlannedEvent, plannedAt: number | null, outcome: RunRecord['status']): void {
    const now = monotonicMs();
    const epoch = epochMsOf(now);
    const run = this.run;
    switch (ev.type) {
      case 'STARTED':
        run.status = 'RUNNING';
        run.started_epoch_ms = epoch;
        break;
      case 'STREAMING_URL':
        run.streaming_url = run.live_view_url;
        break;
      case 'PROGRESS':
        run.steps.push({ epoch_ms: epoch, action: ev.purpose ?? '', duration_ms: now - this.lastEventAt });
        break;
      case 'COMPLETE':
        this.settle(outcome, epoch);
        break;
      default:
        break;
    }
    if (ev.type !== 'TF_API_RESULT') this.lastEventAt = now;
    // One instant per event: the run's timestamps, the ground truth and the event's own
    // `timestamp` agree to the millisecond.
    if (this.sink) this.sink.deliver(ev, plannedAt ?? now, now);
    else run.truth.event(ev.type, plannedAt ?? now, now);
    if (ev.type === 'COMPLETE') this.release();
  }

  /** Sets the terminal state before COMPLETE is serialised, so the event and GET agree. */
  private settle(status: RunRecord['status'], epoch: number): void {
    const run = this.run;
    run.status = status;
    run.finished_epoch_ms = epoch;
    run.result = status === 'COMPLETED' ? run.plan.result : null;
    run.schema_validation = status === 'COMPLETED' ? run.plan.schema_validation : null;
    run.error = status === 'FAILED' ? run.plan.failure : null;
    if (status === 'CANCELLED') run.cancelled_epoch_ms = epoch;
    if (run.recording && run.started_epoch_ms !== null)
      run.video_url = `https://mock.tinyfish.invalid/recordings/${run.run_id}.mp4`;
  }

  private release(): void {
    this.clearTimer();
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.stats.slotReleased();
      this.gate.release();
    }
    this.stats.runEnded();
    const listeners = this.terminalListeners.splice(0);
    for (const listener of listeners) listener();
  }
}
