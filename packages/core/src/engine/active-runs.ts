/**
 * The runs this process holds right now, and the one background loop that serves them all:
 * it bumps their heartbeat (so other processes know the holder is alive) and looks for
 * cancel requests made in other processes (so a cancel reaches the worker holding the run,
 * wherever it is). One query per interval for all held runs, not one per run.
 *
 * Why a database flag for cancel rather than a bus message: the flag is durable. A cancel
 * sent while the holder is briefly cut off from Redis, or while the run is between two
 * holders after a crash, is still seen; the recovering worker honours it too.
 */
import type { Database } from '../db/database.js';
import type { Logger } from '../queue/index.js';
import { selectCancelRequests } from '../repositories/runs-lifecycle.js';
import { bumpHeartbeats } from '../repositories/runs-recovery.js';

/** Why a held run's signal aborted: a cancel request (from this or another process). */
export class RunCancelRequest extends Error {
  override readonly name = 'RunCancelRequest';
  constructor(readonly reason: string) {
    super(`the run was cancelled: ${reason}`);
  }
}

/** One held run. */
export interface HeldRun {
  readonly runId: number;
  /**
   * Aborts with a {@link RunCancelRequest} when someone cancels the run, and with the job's
   * reason when the signal of the job executing it aborts (the worker stopping, the job's
   * deadline): the one stop switch of the run.
   */
  readonly signal: AbortSignal;
  /**
   * Stop holding: no more heartbeats or cancel checks for this run, and nothing of it left on
   * the job's signal. Idempotent.
   */
  release(): void;
}

export interface ActiveRunsOptions {
  workerId: string;
  heartbeatIntervalMs: number;
  cancelPollIntervalMs: number;
}

export class ActiveRuns {
  private readonly held = new Map<number, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private lastHeartbeat = 0;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: ActiveRunsOptions,
  ) {}

  /**
   * Start holding `runId`, executed by a job whose signal is `jobSignal`. Holding one run twice
   * in one process is a bug.
   *
   * The run's signal follows the job's through one listener, removed on release, rather than
   * being combined with it per use (`AbortSignal.any`): a job's signal lives for the whole
   * chain of runs the job executes, and Node keeps a weak reference on it for every signal
   * `any` made from it, pruned by nothing (100,000 runs left 100,000, Node 20.20). A signal
   * per run is also the costliest object a run creates: one instead of three.
   */
  hold(runId: number, jobSignal?: AbortSignal): HeldRun {
    if (this.held.has(runId)) throw new Error(`run ${runId} is already held by this process`);
    const controller = new AbortController();
    this.held.set(runId, controller);
    this.ensureLoop();
    let followJob: (() => void) | undefined;
    if (jobSignal?.aborted) controller.abort(jobSignal.reason);
    else if (jobSignal) {
      followJob = () => controller.abort(jobSignal.reason);
      jobSignal.addEventListener('abort', followJob, { once: true });
    }
    return {
      runId,
      signal: controller.signal,
      release: () => {
        if (followJob) jobSignal?.removeEventListener('abort', followJob);
        followJob = undefined;
        if (this.held.get(runId) === controller) this.held.delete(runId);
      },
    };
  }

  /** Abort a run held here. False when this process does not hold it. */
  abort(runId: number, reason: string): boolean {
    const controller = this.held.get(runId);
    if (!controller) return false;
    if (!controller.signal.aborted) controller.abort(new RunCancelRequest(reason));
    return true;
  }

  has(runId: number): boolean {
    return this.held.has(runId);
  }

  get size(): number {
    return this.held.size;
  }

  /** Stop the loop (runs still held keep their signals; nobody heart-beats them any more). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  private ensureLoop(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.timer = undefined;
        if (this.held.size > 0) this.ensureLoop();
      });
    }, this.options.cancelPollIntervalMs);
    // Held runs keep the process busy anyway; the loop alone must not.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0 || this.stopped) return;
    try {
      const now = Date.now();
      if (now - this.lastHeartbeat >= this.options.heartbeatIntervalMs) {
        await bumpHeartbeats(this.db, ids, this.options.workerId);
        this.lastHeartbeat = now;
      }
      for (const request of await selectCancelRequests(this.db, ids)) {
        this.abort(request.id, request.cancel_reason ?? 'cancel requested');
      }
    } catch (error) {
      // The database is down for a moment: the next tick tries again. A run whose heartbeat
      // lapses meanwhile may be taken over, and the first to finish it wins (conditional UPDATE).
      this.logger.warn({ err: error, runs: ids.length }, 'heartbeat or cancel check failed');
    }
  }
}
