/**
 * The last step of every execution and recovery: remaining events, metrics, outcome,
 * assertions and cost atomically (in one transaction shared with the runs of this process
 * that finish at the same moment, or in one of its own when many events are left), guarded by `status = 'running'` so a run that was
 * finished meanwhile by someone else (a recoverer, a cancel) keeps what it has. Then the
 * live status and the after-run hook (benchmarks).
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
   * Called once the outcome transaction has committed (or found the run finished elsewhere),
   * before the live status and the after-run hook: the moment the run stops occupying a
   * concurrency slot. Not called when storing the outcome failed for good.
   */
  onStored?: () => Promise<void>;
  /** Called once before the outcome is written: the run has ended and is being stored. */
  onEnding?: () => void;
  /** The caller can execute a run handed over by the after-run hooks (see AfterRunContext). */
  takeNext?: boolean;
}

export async function finishRun(
  ctx: EngineContext,
  run: Run,
  scenario: Scenario,
  facts: FinishedRunFacts,
  options: FinishRunOptions = {},
): Promise<ExecuteRunResult> {
  const { writer } = options;
  const columns = finishedRunColumns(facts, run, scenario);
  let finished: Run | undefined;
  options.onEnding?.();
  for (let attempt = 1; ; attempt++) {
    try {
      // Outside any transaction: see EventWriter.stopBackgroundWrites.
      const events = (await writer?.remainingRows()) ?? [];
      finished =
        events.length <= ONE_STATEMENT_EVENTS && isCompleteOutcome(columns)
          ? await ctx.runWrites.finish(run.id, columns, events)
          : await ctx.db.db.transaction(async (tx) => {
              // Events first: they are kept even if the run was finished by someone else.
              await writer?.finish(tx);
              return finishRunningRun(tx, run.id, columns);
            });
      writer?.committed();
      break;
    } catch (error) {
      if (attempt >= FINISH_ATTEMPTS) throw error;
      ctx.logger.warn({ run_id: run.id, err: error, attempt }, 'storing the outcome failed; retrying');
      await sleep(250 * 2 ** (attempt - 1));
    }
  }
  try {
    await options.onStored?.();
  } catch (error) {
    ctx.logger.warn({ run_id: run.id, err: error }, 'releasing the run after storing its outcome failed');
  }
  if (!finished) {
    const current = await selectRunById(ctx.db.db, run.id);
    ctx.logger.info(
      { run_id: run.id, status: current?.status, outcome: facts.status },
      'run was finished elsewhere; keeping that outcome',
    );
    return { kind: 'skipped', status: current?.status ?? 'missing' };
  }
  publishRunStatus(ctx, finished);
  if (!options.takeNext) {
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
