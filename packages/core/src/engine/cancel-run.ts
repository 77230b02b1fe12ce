/**
 * cancelRun: a pending run is cancelled at once (one conditional UPDATE; its job, when it
 * comes, finds nothing to do). A running run gets a cancel flag; the worker holding it —
 * this process or any other — aborts it, the provider cancels it upstream, and the run is
 * stored as cancelled with the reason. A finished run is left as it is.
 */
import { NotFoundError } from '@tfbench/domain/errors';
import { TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import type { Run } from '../db/schema.js';
import { selectRunById } from '../repositories/runs.js';
import { cancelPendingRun, requestRunCancel } from '../repositories/runs-lifecycle.js';
import { runAfterHook } from './finish-run.js';
import { publishRunStatus } from './publish.js';
import { sleep } from './sleep.js';
import type { EngineContext } from './types.js';

export interface CancelRunParams {
  run_id: number;
  /** Stored on the run; default "cancelled by request". */
  reason?: string;
  /** How long to wait for a running run to reach `cancelled` before answering. Default 0. */
  waitMs?: number;
}

export interface CancelRunResult {
  /** The run as it stands when the call returns. */
  run: Run;
  /**
   * `cancelled`: the run is cancelled now. `cancelling`: its worker has been told and will
   * store it as cancelled shortly. `finished`: it had already ended otherwise.
   */
  state: 'cancelled' | 'cancelling' | 'finished';
}

/** @throws NotFoundError when there is no such run. */
export async function cancelRun(ctx: EngineContext, params: CancelRunParams): Promise<CancelRunResult> {
  const reason = params.reason ?? 'cancelled by request';
  const db = ctx.db.db;
  const cancelled = await cancelPendingRun(db, params.run_id, reason);
  if (cancelled) {
    publishRunStatus(ctx, cancelled);
    await runAfterHook(ctx, cancelled);
    return { run: cancelled, state: 'cancelled' };
  }
  const flagged = await requestRunCancel(db, params.run_id, reason);
  if (!flagged) {
    const current = await selectRunById(db, params.run_id);
    if (!current) throw new NotFoundError('run', params.run_id);
    // Claimed between our two statements? Then it is running now: flag it on the next call.
    return { run: current, state: stateOf(current) };
  }
  // The holder in this process hears it now; holders elsewhere within a poll interval.
  ctx.activeRuns.abort(params.run_id, reason);
  const deadline = Date.now() + (params.waitMs ?? 0);
  let current: Run = flagged;
  while (Date.now() < deadline) {
    await sleep(Math.min(50, deadline - Date.now()));
    current = (await selectRunById(db, params.run_id)) ?? current;
    if (isTerminal(current)) break;
  }
  return { run: current, state: stateOf(current) };
}

function isTerminal(run: Run): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status);
}

function stateOf(run: Run): CancelRunResult['state'] {
  if (run.status === 'cancelled') return 'cancelled';
  return isTerminal(run) ? 'finished' : 'cancelling';
}
