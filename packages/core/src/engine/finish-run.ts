/**
 * The last step of every execution and recovery: remaining events, metrics, outcome,
 * assertions and cost atomically (in one transaction shared with the runs of this process
 * that finish at the same moment, or in one of its own when many events are left), guarded by
 * `status = 'running'` so a run that was finished meanwhile by someone else (a recoverer, a
 * cancel) keeps what it has. Then the live status and the after-run hook (benchmarks).
 */
import type { Run, Scenario } from '../db/schema.js';
import { selectRunById } from '../repositories/runs.js';
import { finishRunningRun, isCompleteOutcome } from '../repositories/runs-finish.js';
import type { EventWriter } from './event-writer.js';
import { type FinishedRunFacts, finishedRunColumns } from './outcome-columns.js';
import { publishRunStatus } from './publish.js';
import { sleep } from './sleep.js';
import type { EngineContext, ExecuteRunResult } from './types.js';

/** Tries of the final transaction when the database fails (a restart, a dropped connection). */
const FINISH_ATTEMPTS = 4;
/**
 * Up to this many unstored events go with the outcome into the batched finish (see
 * BatchedRunWrites.finish); more (a backlog left by a database outage) are written in
 * batches inside a transaction of the run's own.
 */
const ONE_STATEMENT_EVENTS = 1_000;

export interface FinishRunOptions {
  /** The run's event writer: its remaining events go into the outcome's transaction. */
  writer?: EventWriter;
  /**
   * Called once, before the outcome is written: the run's upstream work has ended, so it stops
   * occupying a concurrency slot. Resolves once the slot is free for the run that replaces it.
   */
  onEnded?: () => Promise<void>;
  /** The caller can execute a run handed over by the after-run hooks (see AfterRunContext). */
  takeNext?: boolean;
}

/**
 * Store a run's outcome, then publish its status and run the after-run hooks. With `takeNext`,
 * the run that replaces it may be handed over as soon as its upstream work has ended (see
 * EngineContext.runEnded): the result is then `ended`, the write still going on.
 */
export async function finishRun(
  ctx: EngineContext,
  run: Run,
  scenario: Scenario,
  facts: FinishedRunFacts,
  options: FinishRunOptions = {},
): Promise<ExecuteRunResult> {
  const columns = finishedRunColumns(facts, run, scenario);
  try {
    await options.onEnded?.();
  } catch (error) {
    ctx.logger.warn({ run_id: run.id, err: error }, 'releasing the run once it ended failed');
  }
  const stored = storeOutcome(ctx, run, columns, options.writer);
  // Awaited below or handled in `afterRun`; this only keeps a failure that comes while the
  // hand-over is being decided from counting as unhandled.
  stored.catch(() => {});
  if (options.takeNext) {
    const early = await ctx.runEnded(run, stored);
    if (early.next) {
      const afterRun = stored
        .then((finished) => afterStored(ctx, run, facts, finished, false))
        .then(
          () => {},
          (error: unknown) =>
            ctx.logger.error(
              { run_id: run.id, err: error },
              'storing the outcome failed; the run is left for the reconciler',
            ),
        );
      return {
        kind: 'ended',
        next: early.next,
        afterRun: Promise.all([afterRun, early.rest]).then(() => {}),
      };
    }
  }
  return afterStored(ctx, run, facts, await stored, options.takeNext === true);
}

/**
 * The outcome's transaction, tried again when the database fails; undefined when the run was
 * finished elsewhere meanwhile (its outcome is kept). Rejects once every try has failed.
 */
async function storeOutcome(
  ctx: EngineContext,
  run: Run,
  columns: ReturnType<typeof finishedRunColumns>,
  writer: EventWriter | undefined,
): Promise<Run | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Outside any transaction: see EventWriter.stopBackgroundWrites.
      const events = (await writer?.remainingRows()) ?? [];
      const finished =
        events.length <= ONE_STATEMENT_EVENTS && isCompleteOutcome(columns)
          ? await ctx.runWrites.finish(run.id, columns, events)
          : await ctx.db.db.transaction(async (tx) => {
              // Events first: they are kept even if the run was finished by someone else.
              await writer?.finish(tx);
              return finishRunningRun(tx, run.id, columns);
            });
      writer?.committed();
      return finished;
    } catch (error) {
      if (attempt >= FINISH_ATTEMPTS) throw error;
      ctx.logger.warn({ run_id: run.id, err: error, attempt }, 'storing the outcome failed; retrying');
      await sleep(250 * 2 ** (attempt - 1));
    }
  }
}

/** Once the outcome is stored: the live status and the after-run hooks. */
async function afterStored(
  ctx: EngineContext,
  run: Run,
  facts: FinishedRunFacts,
  finished: Run | undefined,
  takeNext: boolean,
): Promise<ExecuteRunResult> {
  if (!finished) {
    const current = await selectRunById(ctx.db.db, run.id);
    ctx.logger.info(
      { run_id: run.id, status: current?.status, outcome: facts.status },
      'run was finished elsewhere; keeping that outcome',
    );
    return { kind: 'skipped', status: current?.status ?? 'missing' };
  }
  publishRunStatus(ctx, finished);
  if (!takeNext) {
    await runAfterHook(ctx, finished);
    return { kind: 'finished', run: finished };
  }
  const { next, rest } = await ctx.afterRunFinished(finished, { canTakeNext: true });
  return { kind: 'finished', run: finished, ...(next ? { next } : {}), afterRun: rest };
}

/** The after-run hooks, all of them done; they never fail the run: it is recorded already. */
export async function runAfterHook(ctx: EngineContext, run: Run): Promise<void> {
  const { rest } = await ctx.afterRunFinished(run, { canTakeNext: false });
  await rest;
}
