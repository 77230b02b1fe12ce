/**
 * Who executes the runs a closed benchmark's step dispatches when runs end: the jobs of the
 * runs that just ended in this process, if they can take one (see the engine's run-chain.ts),
 * else the queue. The step alone decides what is dispatched, under the benchmark's row lock;
 * this decides only who executes it, so the concurrency and the order of the runs are the
 * step's, whoever takes them.
 *
 * Only while this process is the only worker (the `enabled` check): with several, the queue
 * gives each run to whichever worker is free, which keeps them sharing the load.
 *
 * A job whose run of benchmark B ended waits here (`waitForRun`) while B's step runs; the
 * step hands each run it dispatched at once to one waiting job (`handOut`), and what no job
 * takes goes to the queue. Runs ending together share one step (the step coalescer), so the
 * runs of a step go to whichever of their jobs are waiting.
 *
 * The outcomes of a process are stored in batches, and a step often runs after a run's
 * outcome is stored but before that run's job gets here: the step then dispatches the run's
 * replacement while no job waits for it. So a run's end is announced before its outcome is
 * stored (`expectTaker`), and a step holds up to that many of the runs no job took, for at
 * most HOLD_MS, before it enqueues them. Runs that replace runs of other processes are
 * enqueued at once: no job here will come for them.
 *
 * The step may also claim, as it dispatches them, as many runs as jobs wait for one
 * (`claimAhead`): those jobs then execute their run without claiming it (one row version and
 * one statement fewer per run). Such a run goes to a waiting job, never to the hold; one no
 * job took after all is the caller's to give back (pending again) before it is enqueued.
 */
import type { Run } from '../db/schema.js';
import type { ClaimAhead } from '../repositories/benchmark-runs-dispatch.js';

/**
 * Longest a dispatched run waits here for a job: several times the usual gap between an
 * outcome's commit and its job reaching the step.
 */
export const HOLD_MS = 60;
/** How long an announced end counts: storing the outcome (a batch) and then the gap above. */
export const EXPECT_MS = 500;

/** Benchmarks tracked above which the idle ones are looked for and forgotten. */
const SWEEP_ABOVE = 64;

/** A run handed to a job: `claimed` (its row, running for this worker) when the step claimed it. */
export interface HandedRun {
  runId: number;
  claimed?: Run | undefined;
}

/** A job waiting for a run of one benchmark. */
export interface RunTaker {
  /** Resolves with the run handed to this job. */
  readonly handed: Promise<HandedRun>;
  /** Stop waiting. Returns the run handed meanwhile, if any: the caller must execute it. */
  withdraw(): HandedRun | undefined;
}

interface Waiting {
  run: HandedRun | undefined;
  give(run: HandedRun): void;
}

interface Benchmark {
  /** Jobs waiting for a run, in arrival order. */
  waiting: Set<Waiting>;
  /** Runs dispatched with no job waiting, held for one to come. */
  held: number[];
  /** The runs whose jobs have not come yet, and when they ended (see expectTaker), oldest first. */
  expected: Map<number, number>;
}

export class RunHandOver {
  private readonly benchmarks = new Map<number, Benchmark>();

  /**
   * @param enabled whether runs may be handed over now (this process is the only worker: see
   *   sole-worker.ts); when false, everything goes to the queue.
   * @param now the clock of the announced ends (ms).
   * @param workerId the worker this process claims runs for (see claimAhead); null: runs are
   *   handed over unclaimed.
   */
  constructor(
    private readonly enabled: () => boolean = () => true,
    private readonly now: () => number = () => performance.now(),
    private readonly workerId: string | null = null,
  ) {}

  /**
   * How many of the runs a step is about to dispatch it may claim for this process: one per
   * job waiting for a run of the benchmark now. Each of those jobs waits for a step that has
   * not ended yet, so it is still waiting when the step hands its runs out.
   */
  claimAhead(benchmarkId: number): ClaimAhead | undefined {
    if (this.workerId === null || !this.enabled()) return undefined;
    const count = this.benchmarks.get(benchmarkId)?.waiting.size ?? 0;
    return count > 0 ? { workerId: this.workerId, count } : undefined;
  }

  /**
   * A run of the benchmark ended in this process and its job may come for the run that
   * replaces it (its outcome is being stored; its after-run hook follows).
   */
  expectTaker(benchmarkId: number, runId: number): void {
    this.of(benchmarkId).expected.set(runId, this.now());
    // Announced ends whose jobs never came (a claim lost, a run recovered) are forgotten
    // here, so that benchmarks that ended long ago do not stay in the map.
    if (this.benchmarks.size > SWEEP_ABOVE) {
      for (const [id, benchmark] of this.benchmarks) this.forgetIfIdle(id, benchmark);
    }
  }

  /** The job of the run will not come (it cannot take a run): hold nothing for it. */
  notComing(benchmarkId: number, runId: number): void {
    const benchmark = this.benchmarks.get(benchmarkId);
    benchmark?.expected.delete(runId);
    if (benchmark) this.forgetIfIdle(benchmarkId, benchmark);
  }

  /**
   * @example
   * const taker = handOver.waitForRun(run.benchmark_id, run.id);
   * await Promise.race([step, taker.handed]);
   * const next = taker.withdraw();
   */
  waitForRun(benchmarkId: number, runId: number): RunTaker {
    const benchmark = this.of(benchmarkId);
    benchmark.expected.delete(runId);
    let resolveHanded: (run: HandedRun) => void = () => {};
    const handed = new Promise<HandedRun>((resolve) => {
      resolveHanded = resolve;
    });
    const entry: Waiting = {
      run: undefined,
      give: (run) => {
        entry.run = run;
        resolveHanded(run);
      },
    };
    const heldRun = benchmark.held.shift();
    if (heldRun !== undefined) {
      entry.give({ runId: heldRun });
      this.forgetIfIdle(benchmarkId, benchmark);
      return { handed, withdraw: () => entry.run };
    }
    benchmark.waiting.add(entry);
    return {
      handed,
      withdraw: () => {
        benchmark.waiting.delete(entry);
        this.forgetIfIdle(benchmarkId, benchmark);
        return entry.run;
      },
    };
  }

  /**
   * Give the runs a step dispatched for execution now (no delay) to the jobs waiting for a
   * run of their benchmark, one each, in order. Returns what is left for the queue: `now` at
   * once, and `later` (after HOLD_MS) what was held for announced jobs that did not come. A
   * claimed run no job took is in `now`, never held.
   */
  handOut<T extends { runId: number; delayMs: number; claimed?: Run | undefined }>(
    benchmarkId: number,
    dispatched: readonly T[],
  ): { now: T[]; later: Promise<T[]> } {
    if (!this.enabled()) return { now: [...dispatched], later: Promise.resolve([]) };
    const benchmark = this.of(benchmarkId);
    const now: T[] = [];
    const toHold: T[] = [];
    let holdable = this.freshExpected(benchmark) - benchmark.held.length;
    for (const run of dispatched) {
      const taker = run.delayMs === 0 ? benchmark.waiting.values().next().value : undefined;
      if (taker !== undefined) {
        benchmark.waiting.delete(taker);
        taker.give({ runId: run.runId, claimed: run.claimed });
      } else if (run.delayMs === 0 && holdable > 0 && run.claimed === undefined) {
        holdable -= 1;
        toHold.push(run);
      } else now.push(run);
    }
    this.forgetIfIdle(benchmarkId, benchmark);
    if (toHold.length === 0) return { now, later: Promise.resolve([]) };
    benchmark.held.push(...toHold.map((run) => run.runId));
    const later = new Promise<T[]>((resolve) => {
      setTimeout(() => resolve(toHold.filter((run) => this.stopHolding(benchmarkId, run.runId))), HOLD_MS);
    });
    return { now, later };
  }

  /** Jobs waiting and runs held now (tests and diagnostics). */
  get size(): { waitingJobs: number; heldRuns: number } {
    let waitingJobs = 0;
    let heldRuns = 0;
    for (const benchmark of this.benchmarks.values()) {
      waitingJobs += benchmark.waiting.size;
      heldRuns += benchmark.held.length;
    }
    return { waitingJobs, heldRuns };
  }

  private of(benchmarkId: number): Benchmark {
    let benchmark = this.benchmarks.get(benchmarkId);
    if (!benchmark) {
      benchmark = { waiting: new Set(), held: [], expected: new Map() };
      this.benchmarks.set(benchmarkId, benchmark);
    }
    return benchmark;
  }

  /** Announced ends recent enough that their jobs may still come; older ones are dropped. */
  private freshExpected(benchmark: Benchmark): number {
    const since = this.now() - EXPECT_MS;
    for (const [runId, endedAt] of benchmark.expected) {
      if (endedAt >= since) break;
      benchmark.expected.delete(runId);
    }
    return benchmark.expected.size;
  }

  /** Stop holding a run; false when a job took it meanwhile. */
  private stopHolding(benchmarkId: number, runId: number): boolean {
    const benchmark = this.benchmarks.get(benchmarkId);
    const index = benchmark?.held.indexOf(runId) ?? -1;
    if (!benchmark || index < 0) return false;
    benchmark.held.splice(index, 1);
    this.forgetIfIdle(benchmarkId, benchmark);
    return true;
  }

  private forgetIfIdle(benchmarkId: number, benchmark: Benchmark): void {
    if (benchmark.waiting.size === 0 && benchmark.held.length === 0 && this.freshExpected(benchmark) === 0)
      this.benchmarks.delete(benchmarkId);
  }
}
