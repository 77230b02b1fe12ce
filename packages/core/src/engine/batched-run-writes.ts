/**
 * The claim (pending -> running) and the upstream-identity write that every execution makes,
 * batched across the runs of this process with {@link BatchedStep}: runs that start together
 * (a benchmark's driver hands out a burst of them when a burst ends) share one statement
 * instead of one round trip each. A lone run is written at once, in a batch of one.
 *
 * Each write keeps its own guarantee: a claim still goes to exactly one claimer (the UPDATE's
 * `status = 'pending'` condition, and within one batch only the first request for a run gets
 * it), and an identity is stored only while the run is running, first value winning.
 */
import { foldByKey } from '../collections/fold-by-key.js';
import type { Database, Executor } from '../db/database.js';
import type { NewRunEvent, Run } from '../db/schema.js';
import { insertRunEventsIdempotent } from '../repositories/run-events.js';
import { finishRunningRuns, type RunOutcomeValues } from '../repositories/runs-finish.js';
import {
  claimPendingRuns,
  recordUpstreamIdentities,
  type UpstreamIdentity,
} from '../repositories/runs-lifecycle.js';
import { BatchedStep } from './batched-step.js';
import type { FinishTransactionStep } from './finish-step.js';

interface ClaimRequest {
  runId: number;
  claimed?: Run | undefined;
}

interface FinishRequest {
  runId: number;
  values: RunOutcomeValues;
  events: NewRunEvent[];
  finished?: Run | undefined;
  failure?: { error: unknown };
}

interface EventsRequest {
  rows: NewRunEvent[];
  failure?: { error: unknown };
}

/**
 * How long an outcome, event or identity write waits for the others of its moment
 * (BatchedStep's lingerMs, and the rollups' in run-features). Not the claims: a claim is on
 * the way to the send, and its run waits for it. Open arrivals end one at a time: at 440 runs/s
 * each outcome was a transaction of its own (1.0 commit per run, 2 ms of the worker's CPU and
 * 1.4 ms of PostgreSQL's per run, twice the closed loop's). The outcome is stored that much
 * later; the run's own timings, taken by the client, are unchanged.
 */
export const WRITE_LINGER_MS = 5;

/**
 * How long a claim made well ahead of its run's send waits for others to share its UPDATE
 * (claimTogether). Open arrivals reach a worker one at a time, each a claim statement of its
 * own; their sends are a queue lead away, so a few ms of waiting cost them nothing.
 */
export const CLAIM_TOGETHER_LINGER_MS = 20;

/**
 * Batches of each kind in flight at once. With one, a write that arrives while a batch is
 * being stored waits for it and then for its own batch (1.5 batch times on average; 57 ms
 * p50 for an outcome in a saturating closed loop); with two it waits only while both are
 * busy. The batches of one kind touch disjoint rows (a run is claimed, finished, or given its
 * identity by one batch; its events come from one writer, one batch at a time; claims lock
 * their rows in id order), so two in flight cannot deadlock.
 */
const WRITE_LANES = 2;

/** Event rows per INSERT inside a batched finish or event write: bounds one statement's JSON parameter. */
const EVENT_ROWS_PER_INSERT = 1_000;

export class BatchedRunWrites {
  private readonly claims: BatchedStep<ClaimRequest>;
  private readonly claimsTogether: BatchedStep<ClaimRequest>;
  private readonly identities: BatchedStep<UpstreamIdentity>;
  private readonly finishes: BatchedStep<FinishRequest>;
  private readonly events: BatchedStep<EventsRequest>;
  /** A feature's writes that join the batched finish's transaction (set once, at start). */
  private finishStep: FinishTransactionStep | undefined;

  constructor(
    private readonly db: Database,
    workerId: string,
  ) {
    const claim = async (requests: ClaimRequest[]): Promise<void> => {
      const rows = await claimPendingRuns(
        db,
        requests.map((r) => r.runId),
        workerId,
      );
      const unclaimed = new Map(rows.map((row) => [row.id, row]));
      for (const request of requests) {
        // A run asked for twice in one batch (a job delivered twice) goes to the first asker.
        request.claimed = unclaimed.get(request.runId);
        unclaimed.delete(request.runId);
      }
    };
    // Two steps, each locking its rows in id order: a run asked for by both (a job delivered
    // twice) is claimed by one UPDATE, the other finds it no longer pending.
    this.claims = new BatchedStep(claim, undefined, 0, WRITE_LANES);
    this.claimsTogether = new BatchedStep(claim, undefined, CLAIM_TOGETHER_LINGER_MS, WRITE_LANES);
    this.identities = new BatchedStep(
      (batch) => recordUpstreamIdentities(db, mergedByRun(batch)),
      undefined,
      WRITE_LINGER_MS,
      WRITE_LANES,
    );
    this.finishes = new BatchedStep(
      (requests) => this.finishBatch(requests),
      undefined,
      WRITE_LINGER_MS,
      WRITE_LANES,
    );
    this.events = new BatchedStep(
      (requests) => this.insertEventBatch(requests),
      undefined,
      WRITE_LINGER_MS,
      WRITE_LANES,
    );
  }

  private async insertEventBatch(requests: EventsRequest[]): Promise<void> {
    try {
      const rows = requests.flatMap((r) => r.rows);
      for (let start = 0; start < rows.length; start += EVENT_ROWS_PER_INSERT)
        await insertRunEventsIdempotent(this.db, rows.slice(start, start + EVENT_ROWS_PER_INSERT));
      return;
    } catch {
      // Rows the database refuses (a run deleted meanwhile) must not hold up the other runs'
      // events: each batch is written on its own, and only a bad one reports the error.
    }
    for (const request of requests) {
      try {
        await insertRunEventsIdempotent(this.db, request.rows);
      } catch (error) {
        request.failure = { error };
      }
    }
  }

  /**
   * Store a running run's events (an EventWriter's background batch), in one INSERT with the
   * batches of the other runs of this process that are waiting at the same moment. A failure
   * fails every batch of that INSERT; each writer keeps its events and retries them, and a
   * retry of rows stored already is harmless (ON CONFLICT DO NOTHING).
   *
   * @example
   * new EventWriter(db, run.id, logger, { insert: (rows) => ctx.runWrites.insertEvents(rows) });
   */
  async insertEvents(rows: NewRunEvent[]): Promise<void> {
    const request: EventsRequest = { rows };
    await this.events.add(request);
    if (request.failure) throw request.failure.error;
  }

  /**
   * running -> terminal with the run's outcome, and its remaining events stored, atomically:
   * the runs that finish together share one transaction (their events, then one UPDATE for
   * all outcomes). Undefined when the run was no longer running (finished elsewhere); its
   * events are stored all the same.
   *
   * @example
   * const finished = await ctx.runWrites.finish(run.id, columns, await writer.remainingRows());
   */
  async finish(runId: number, values: RunOutcomeValues, events: NewRunEvent[]): Promise<Run | undefined> {
    const request: FinishRequest = { runId, values, events };
    await this.finishes.add(request);
    if (request.failure) throw request.failure.error;
    return request.finished;
  }

  /**
   * Have `step` store what the finished runs change in the transaction of each batched
   * finish. The composition root calls this once, before the first run, with the features'
   * step.
   */
  joinFinishTransaction(step: FinishTransactionStep | undefined): void {
    this.finishStep = step;
  }

  private async finishBatch(requests: FinishRequest[]): Promise<void> {
    // A run finished twice in one batch (a recovery racing its executor) is written on its
    // own afterwards: one UPDATE cannot tell two outcomes for one row apart.
    const together: FinishRequest[] = [];
    const alone: FinishRequest[] = [];
    const seen = new Set<number>();
    for (const request of requests) {
      (seen.has(request.runId) ? alone : together).push(request);
      seen.add(request.runId);
    }
    try {
      const events = together.flatMap((r) => r.events);
      const outcomes = together.map(({ runId, values }) => ({ runId, values }));
      const step = this.finishStep;
      // One statement while the events fit in one INSERT (nearly always) and no feature
      // joins; otherwise one transaction.
      const finished =
        events.length <= EVENT_ROWS_PER_INSERT && step === undefined
          ? await finishRunningRuns(this.db, outcomes, events)
          : await this.db.transaction(async (tx) => {
              const rows = await finishWithEvents(tx, outcomes, events, step?.marksRolledUp === true);
              if (step) await applyUnderSavepoint(tx, step, rows);
              return rows;
            });
      const byId = new Map(finished.map((row) => [row.id, row]));
      for (const request of together) request.finished = byId.get(request.runId);
    } catch {
      // One outcome the database refuses must not fail the runs batched with it: each is
      // written on its own, and only the bad one reports the error (its caller retries).
      alone.unshift(...together);
    }
    for (const request of alone) {
      try {
        [request.finished] = await finishRunningRuns(
          this.db,
          [{ runId: request.runId, values: request.values }],
          request.events,
        );
      } catch (error) {
        request.failure = { error };
      }
    }
  }

  /**
   * pending -> running for this worker; undefined when the run was not pending (another
   * worker has it, it was cancelled, or it is finished).
   *
   * @example
   * const run = await ctx.runWrites.claim(runId);
   */
  async claim(runId: number): Promise<Run | undefined> {
    const request: ClaimRequest = { runId };
    await this.claims.add(request);
    return request.claimed;
  }

  /**
   * As `claim`, for a run whose send is far enough away to wait CLAIM_TOGETHER_LINGER_MS for
   * the claims of that moment to share one UPDATE.
   */
  async claimTogether(runId: number): Promise<Run | undefined> {
    const request: ClaimRequest = { runId };
    await this.claimsTogether.add(request);
    return request.claimed;
  }

  /** Store what is known of the run's upstream identity (see recordUpstreamIdentities). */
  recordIdentity(identity: UpstreamIdentity): Promise<void> {
    return this.identities.add(identity);
  }
}

/** The batched finish with its events, the events in slices when they exceed one INSERT. */
async function finishWithEvents(
  tx: Executor,
  outcomes: ReadonlyArray<{ runId: number; values: RunOutcomeValues }>,
  events: readonly NewRunEvent[],
  markRolledUp: boolean,
): Promise<Run[]> {
  if (events.length <= EVENT_ROWS_PER_INSERT)
    return finishRunningRuns(tx, outcomes, events, { markRolledUp });
  for (let start = 0; start < events.length; start += EVENT_ROWS_PER_INSERT)
    await insertRunEventsIdempotent(tx, events.slice(start, start + EVENT_ROWS_PER_INSERT));
  return finishRunningRuns(tx, outcomes, [], { markRolledUp });
}

/**
 * A feature's step must never cost the runs their outcomes: it runs under a savepoint, and
 * when it throws its writes are undone, then `undo` clears what the finish marked for it.
 */
async function applyUnderSavepoint(
  tx: Executor,
  step: FinishTransactionStep,
  finished: Run[],
): Promise<void> {
  if (finished.length === 0) return;
  try {
    await tx.transaction((savepoint) => step.apply(savepoint, finished));
  } catch {
    await step.undo(tx, finished);
  }
}

/** One entry per run: the values learned by several writes of one batch, together. */
function mergedByRun(batch: readonly UpstreamIdentity[]): UpstreamIdentity[] {
  return foldByKey(batch, (identity) => identity.run_id, keepFirstKnown);
}

/** What is known of a run's upstream identity so far, with the gaps `identity` fills. */
function keepFirstKnown(known: UpstreamIdentity | undefined, identity: UpstreamIdentity): UpstreamIdentity {
  return {
    run_id: identity.run_id,
    provider: known?.provider ?? identity.provider,
    upstream_run_id: known?.upstream_run_id ?? identity.upstream_run_id,
    streaming_url: known?.streaming_url ?? identity.streaming_url,
  };
}
