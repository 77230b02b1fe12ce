/**
 * executeRun: the `run.execute` job. pending -> running (claimed by exactly one worker) ->
 * the provider executes and measures it while its events are stored in order -> one
 * transaction stores the outcome -> completed / failed / cancelled / timeout.
 *
 * A job can be delivered more than once (a crash, a stall, a retry); the claim decides
 * what this delivery does: a pending run is executed, a running run is recovered (see
 * recover-run.ts), a terminal one is left alone.
 */
import type {
  Provider,
  RunOutcome,
  TimedEvent,
  UpstreamCredentials,
  UpstreamIdentity,
} from '@tfbench/domain/provider';
import type { Run } from '../db/schema.js';
import type { JobContext } from '../queue/index.js';
import { selectRunById } from '../repositories/runs.js';
import { CredentialsUnavailableError } from '../secrets/index.js';
import { explainAbort } from './abort-reason.js';
import type { HeldRun } from './active-runs.js';
import { EventWriter } from './event-writer.js';
import { type FinishRunOptions, finishRun, runAfterHook } from './finish-run.js';
import { type FinishedRunFacts, notSent } from './outcome-columns.js';
import { publishRunEvent, publishRunStatus } from './publish.js';
import { recoverRun } from './recover-run.js';
import type { RunParents } from './run-parents.js';
import { runSettingsOf } from './run-settings.js';
import type { EngineContext, ExecuteRunResult, RunAdmission } from './types.js';
import { WallClockOffset } from './wall-clock-offset.js';

/** What a run's job offers of its handler slot (see ExecuteRunOptions.handlerSlot). */
export type HandlerSlot = Pick<JobContext, 'lendSlot' | 'hasSpareHandlers'>;

/**
 * An open arrival's job this far ahead of its send is claimed together with the others of the
 * next CLAIM_TOGETHER_LINGER_MS (see BatchedRunWrites.claimTogether). Jobs normally come the
 * queue lead (1 s) ahead; one that came much later is claimed at once.
 */
const CLAIM_TOGETHER_MIN_LEAD_MS = 250;

/** This process's: its estimate sharpens with every run it stores. */
const wallClockOffset = new WallClockOffset();

/** The `run.execute` job's payload. */
export interface ExecuteRunParams {
  run_id: number;
  /** The run's benchmark (null: none) when the job knows it; undefined for older jobs. */
  benchmark_id?: number | null | undefined;
  /** An open arrival's intended send time (epoch ms) when the job knows it. */
  intended_start_ms?: number | undefined;
}

export interface ExecuteRunOptions {
  /**
   * The job's signal: aborts when the queue closes past its grace period (the run is then
   * cancelled upstream and stored as cancelled, WORKER_SHUTDOWN) or the job's deadline passes.
   */
  signal?: AbortSignal;
  /**
   * The caller can execute a run handed over by the after-run hooks next (the run.execute
   * job: see run-chain.ts); the result then carries it, and the hooks still running.
   */
  takeNext?: boolean;
  /**
   * The run, claimed for this worker already by the step that dispatched it (a handed-over
   * run: see HandedOverRun): it is admitted and executed without a claim.
   */
  claimed?: Run;
  /**
   * The job's handler slot (its JobContext): a claimed open arrival lends it while it waits
   * for its admission and again once its request has ended, so that the worker's concurrency
   * bounds the runs it sends, not the ones it holds for their instants (see QUEUE_LEAD_MS) or
   * whose outcomes it stores, and takes an early slot of its benchmark only while the worker
   * has handlers to spare (see AdmitRunOptions.mayTakeEarly).
   */
  handlerSlot?: HandlerSlot;
}

/**
 * Execute one run to a terminal status, or do nothing if another worker has it.
 *
 * @example
 * queue.process('run.execute', ({ run_id }, job) => executeRun(ctx, { run_id }, { signal: job.signal }).then(() => {}));
 */
export async function executeRun(
  ctx: EngineContext,
  params: ExecuteRunParams,
  options: ExecuteRunOptions = {},
): Promise<ExecuteRunResult> {
  if (options.claimed) return admitClaimedThenExecute(ctx, options.claimed, options);
  const direct = await claimWithoutReading(ctx, params, options);
  if (direct) return direct;
  // At most a few rounds: a running run that never reached upstream is reset to pending by
  // recoverRun and then claimed and executed here like a fresh one.
  for (let round = 1; round <= 3; round++) {
    const current = await selectRunById(ctx.db.db, params.run_id);
    if (!current) return { kind: 'skipped', status: 'missing' };
    if (current.status === 'pending') {
      const executed = await admitAndExecute(ctx, current, options);
      if (executed) return executed;
      continue;
    }
    if (current.status === 'running') {
      const recovered = await recoverRun(ctx, params, options);
      if (recovered.kind !== 'reset') return recovered;
      continue;
    }
    // Already terminal (a re-delivered job): nothing to execute, but the after-run hook is
    // idempotent and may have missed this run if its finisher died right after storing it.
    await runAfterHook(ctx, current);
    return { kind: 'skipped', status: current.status };
  }
  const last = await selectRunById(ctx.db.db, params.run_id);
  return { kind: 'skipped', status: last?.status ?? 'missing' };
}

/**
 * The common case in one statement instead of two: a job that names the run's benchmark
 * (null: none), when admission needs nothing of the run's row (see admitsWithoutRow), is
 * admitted and claimed without reading the run first. Undefined when that does not apply or
 * the claim finds the run no longer pending: the caller then reads it and decides as usual.
 */
async function claimWithoutReading(
  ctx: EngineContext,
  params: ExecuteRunParams,
  options: ExecuteRunOptions,
): Promise<ExecuteRunResult | undefined> {
  const benchmarkId = params.benchmark_id;
  if (benchmarkId === undefined) return undefined;
  if (benchmarkId !== null && (await ctx.admitsAfterClaim(benchmarkId)))
    return claimThenAdmit(ctx, params, options);
  if (!(await ctx.admitsWithoutRow(benchmarkId))) return undefined;
  const subject = { id: params.run_id, benchmark_id: benchmarkId, is_warmup: false, intended_start_at: null };
  const admission = await ctx.admitRun(subject, options.signal);
  if (!admission.admitted) return undefined;
  return claimAndExecute(ctx, params.run_id, admission, options);
}

/**
 * Admission (a benchmark's concurrency slot, its arrival deadline) comes before the claim;
 * the slot is held until the run's upstream work has ended, not through the outcome's write
 * or the after-run hook: the run no longer occupies upstream then, and the run that replaces
 * it must not wait for that bookkeeping. Undefined when the claim lost a race and the caller
 * should look at the run again.
 */
async function admitAndExecute(
  ctx: EngineContext,
  run: Run,
  options: ExecuteRunOptions,
): Promise<ExecuteRunResult | undefined> {
  const admission = await ctx.admitRun(run, options.signal);
  if (!admission.admitted) {
    const current = await selectRunById(ctx.db.db, run.id);
    return { kind: 'skipped', status: current?.status ?? 'missing' };
  }
  return claimAndExecute(ctx, run.id, admission, options);
}

/**
 * Claim an admitted run and execute it; undefined when the claim finds it no longer pending.
 * The admission is released once the run has ended upstream, and on every other way out.
 */
async function claimAndExecute(
  ctx: EngineContext,
  runId: number,
  admission: HeldAdmission,
  options: ExecuteRunOptions,
): Promise<ExecuteRunResult | undefined> {
  try {
    const claimed = await ctx.runWrites.claim(runId);
    if (!claimed) return undefined;
    publishRunStatus(ctx, claimed);
    return await executeClaimed(ctx, claimed, options, admission);
  } finally {
    await admission.release();
  }
}

/**
 * An open-arrival run: claimed as soon as its job arrives (ahead of its intended send time, by
 * the queue lead), admitted by its holder just before the send (see executeClaimed). The
 * claim's database round trip, which on a busy process waits behind the statements of every
 * other run, is then off the path between the intended instant and the request.
 */
async function claimThenAdmit(
  ctx: EngineContext,
  params: ExecuteRunParams,
  options: ExecuteRunOptions,
): Promise<ExecuteRunResult | undefined> {
  // A job well ahead of its send may wait a little for others to claim with (one statement
  // for many runs); one that came late is claimed at once.
  const aheadMs = params.intended_start_ms === undefined ? 0 : params.intended_start_ms - Date.now();
  const together = aheadMs >= CLAIM_TOGETHER_MIN_LEAD_MS;
  // The claim sends nothing: a run this far ahead claims without a handler, so the jobs of
  // its moment reach the worker, and claim together, whatever its concurrency. Once claimed,
  // the run keeps the slot lent until its admission (executeClaimed); a run not claimed takes
  // it back first, since the caller may then execute the run some other way.
  const reclaim = together ? options.handlerSlot?.lendSlot() : undefined;
  const claimed = together
    ? await ctx.runWrites.claimTogether(params.run_id)
    : await ctx.runWrites.claim(params.run_id);
  if (!claimed) {
    await reclaim?.(options.signal);
    return undefined;
  }
  return admitClaimedThenExecute(ctx, claimed, options);
}

/** A run claimed for this worker: admitted by its holder, then executed (see claimThenAdmit). */
async function admitClaimedThenExecute(
  ctx: EngineContext,
  claimed: Run,
  options: ExecuteRunOptions,
): Promise<ExecuteRunResult> {
  publishRunStatus(ctx, claimed);
  let held: HeldAdmission = { release: async () => {} };
  const handlerSlot = options.handlerSlot;
  const admitOptions = {
    claimed: true,
    ...(handlerSlot ? { mayTakeEarly: () => handlerSlot.hasSpareHandlers() } : {}),
  };
  const admit: Admit = async (signal) => {
    const admission = await ctx.admitRun(claimed, signal, admitOptions);
    if (admission.admitted) held = admission;
    return admission;
  };
  try {
    // Read at the end, not now: `held` becomes the admission once the holder is admitted.
    const slot = { ending: () => held.ending?.(), release: () => held.release() };
    return await executeClaimed(ctx, claimed, options, slot, admit);
  } finally {
    await held.release();
  }
}

/**
 * An admission a run holds (see RunAdmission): told, then released, once the run's upstream
 * work has ended, before its outcome is stored.
 */
type HeldAdmission = { ending?(): void; release(): Promise<void> };

/** Admission made by the run's holder, after the claim; `signal` carries cancels and shutdown. */
type Admit = (signal: AbortSignal) => Promise<RunAdmission>;

async function executeClaimed(
  ctx: EngineContext,
  run: Run,
  options: ExecuteRunOptions,
  admission: HeldAdmission,
  admit?: Admit,
): Promise<ExecuteRunResult> {
  const ends = {
    onEnded: async () => {
      admission.ending?.();
      // An open arrival's request has ended: storing its outcome and its after-run hooks need
      // no handler, so the worker takes another job meanwhile (the job's end gives it back).
      // A closed run's job keeps its handler for the run handed over to it.
      if (run.intended_start_at !== null) options.handlerSlot?.lendSlot();
      await admission.release();
    },
    takeNext: options.takeNext,
  };
  const held = ctx.activeRuns.hold(run.id, options.signal);
  try {
    const parents = await ctx.parents.of(run);
    if (!parents) throw new Error(`scenario ${run.scenario_id} of run ${run.id} does not exist`);
    const { scenario, automation } = parents;
    // Each way the run can end before its request is sent is stored alike.
    const endUnsent = (facts: FinishedRunFacts) => finishRun(ctx, run, scenario, facts, ends);
    if (run.cancel_requested_at !== null) {
      return endUnsent(notSent('cancelled', 'CANCELLED', `cancelled: ${run.cancel_reason}`));
    }
    const provider = ctx.providers[automation.provider];
    if (!provider) {
      const missing = `no provider "${automation.provider}" is configured in this worker`;
      return endUnsent(notSent('failed', 'PROVIDER_UNAVAILABLE', missing));
    }
    const credentials = credentialsOf(ctx, automation);
    if (credentials instanceof CredentialsUnavailableError) {
      return endUnsent(notSent('failed', credentials.code, credentials.message));
    }
    if (admit) {
      // Only a run held for a send instant waits here; any other is admitted at once. A run
      // not admitted gives its slot back with its job's end.
      const reclaim = run.intended_start_at === null ? undefined : options.handlerSlot?.lendSlot();
      const refused = await admitHeld(admit, held, options);
      if (refused) return endUnsent(refused);
      // Sent only while the worker has a handler free for it: past its concurrency the run
      // waits here, and its lag says so.
      await reclaim?.(held.signal);
    }
    return await executeWithProvider(ctx, run, parents, { provider, credentials }, held, options, ends);
  } finally {
    held.release();
  }
}

/**
 * Wait for a claimed run's admission. Null once admitted; otherwise the facts to store it
 * with: dropped, its benchmark over, or cancelled (or the worker stopping) while it waited.
 */
async function admitHeld(
  admit: Admit,
  held: HeldRun,
  options: ExecuteRunOptions,
): Promise<FinishedRunFacts | null> {
  try {
    const admission = await admit(held.signal);
    if (admission.admitted) return null;
    const refusal = admission.refusal ?? { code: 'CANCELLED', message: 'not admitted' };
    return notSent('cancelled', refusal.code, refusal.message);
  } catch (error) {
    const abort = explainAbort(held.signal, options.signal);
    if (abort === null) throw error;
    return stoppedBeforeSend(abort);
  }
}

/** Opened here and handed to the provider only: never stored with the run, never published. */
function credentialsOf(
  ctx: EngineContext,
  automation: RunParents['automation'],
): UpstreamCredentials | undefined | CredentialsUnavailableError {
  try {
    return ctx.credentialsOf(automation);
  } catch (error) {
    if (error instanceof CredentialsUnavailableError) return error;
    throw error;
  }
}

async function executeWithProvider(
  ctx: EngineContext,
  run: Run,
  parents: RunParents,
  { provider, credentials }: { provider: Provider; credentials: UpstreamCredentials | undefined },
  held: HeldRun,
  options: ExecuteRunOptions,
  ends: Pick<FinishRunOptions, 'onEnded' | 'takeNext'>,
): Promise<ExecuteRunResult> {
  const { scenario } = parents;
  const writer = new EventWriter(ctx.db.db, run.id, ctx.logger, {
    insert: (rows) => ctx.runWrites.insertEvents(rows),
  });
  const identityWrites: Promise<void>[] = [];
  /** Identity learned since the last write: the id and the live URL usually come together. */
  let learned: UpstreamIdentity | null = null;
  const writeLearned = (): void => {
    const values = learned;
    learned = null;
    if (values === null) return;
    identityWrites.push(
      ctx.runWrites
        .recordIdentity({ run_id: run.id, provider: provider.id, ...values })
        .catch((error: unknown) =>
          ctx.logger.warn({ run_id: run.id, err: error }, 'storing the upstream run id failed'),
        ),
    );
  };
  // Stored now, not with the outcome: a worker that dies after this point leaves a run the
  // next worker can reconcile with the provider instead of paying for a new one. One turn of
  // the event loop later, so that a live URL in the same read of the stream joins the same
  // UPDATE.
  const onUpstreamIdentity = (identity: UpstreamIdentity): void => {
    if (learned === null) setImmediate(writeLearned);
    learned = { ...learned, ...identity };
  };

  const onEvent = (event: TimedEvent): void => {
    writer.push(event);
    publishRunEvent(ctx, run, event);
  };

  const outcome = await provider.execute({
    inputs: run.inputs,
    config: parents.automation.config,
    settings: runSettingsOf(parents),
    ...(credentials ? { credentials } : {}),
    // An open arrival's intended instant: the provider waits for it on the loop that writes
    // the request (admission took the slot SLOT_LEAD_MS ahead and returned).
    ...(run.intended_start_at ? { sendAt: run.intended_start_at.getTime() } : {}),
    signal: held.signal,
    onEvent,
    onUpstreamIdentity,
  });
  // A write still waiting is not needed: the outcome's transaction stores the identity too.
  const unwritten = learned as UpstreamIdentity | null;
  learned = null;
  await Promise.all(identityWrites);
  const abort = explainAbort(held.signal, options.signal);
  if (abort !== null && outcome.status === 'cancelled' && outcome.attempts.length === 0) {
    // Stopped while the provider waited for the send instant: stored as never started, like
    // a stop during admission.
    return finishRun(ctx, run, scenario, stoppedBeforeSend(abort), { ...ends, writer });
  }
  const facts = factsOf(outcome, abort);
  facts.upstream_run_id ??= unwritten?.upstream_run_id ?? null;
  facts.streaming_url ??= unwritten?.streaming_url ?? null;
  return finishRun(ctx, run, scenario, facts, { ...ends, writer });
}

/** A run stopped (cancelled, or the worker stopping) before its request was sent. */
function stoppedBeforeSend(abort: NonNullable<ReturnType<typeof explainAbort>>): FinishedRunFacts {
  return { ...notSent('cancelled', abort.code, abort.message), status: abort.status };
}

function factsOf(outcome: RunOutcome, abort: ReturnType<typeof explainAbort>): FinishedRunFacts {
  let status = outcome.status;
  let error = outcome.error
    ? { code: outcome.error.code, message: outcome.error.message, http_status: outcome.error.http_status }
    : null;
  // The provider says "cancelled by the caller"; the run records who and why.
  if (outcome.status === 'cancelled' && abort !== null) {
    const upstream = outcome.upstream_cancel ? `; upstream cancel: ${outcome.upstream_cancel.state}` : '';
    status = abort.status;
    error = { code: abort.code, message: `${abort.message}${upstream}`, http_status: null };
  }
  return {
    status,
    metrics: outcome.metrics,
    error,
    provider: outcome.provider,
    upstream_run_id: outcome.upstream_run_id,
    cost_usd: outcome.cost_usd,
    streaming_url: outcome.streaming_url,
    result: outcome.result,
    response_json: outcome.response_json,
    // The provider's attempt records are plain JSON objects; the column's type is looser.
    attempts: outcome.attempts.map((attempt) => ({ ...attempt })),
    metric_definitions: outcome.metric_definitions,
    ...(outcome.cost_usd === undefined ? {} : { cost_usd: outcome.cost_usd }),
    sent_at_epoch_ms: outcome.t0_epoch_ms === null ? null : outcome.t0_epoch_ms + wallClockOffset.read(),
  };
}
