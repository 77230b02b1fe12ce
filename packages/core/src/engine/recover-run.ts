/**
 * recoverRun: settle a run left `running` by a worker that stopped (SIGKILL, crash, lost
 * lock), without ever starting a second paid run upstream.
 *
 * 1. Wait until the holder's heartbeat is stale (a holder that is merely slow keeps its
 *    run), then take the run over with a conditional UPDATE: exactly one recoverer wins.
 * 2. No upstream id stored: the run never reached upstream (STARTED never arrived), so it
 *    goes back to pending and is executed again.
 * 3. Upstream id stored: ask the provider (`reconcile`) and record the real outcome,
 *    polling while the upstream run is still going (until the run's own deadline); when the
 *    upstream cannot tell (unknown id, unreachable), mark it failed with WORKER_LOST.
 * A cancel requested meanwhile is honoured: the upstream run is cancelled, not awaited.
 */
import type { Provider, ReconcileResult, RunMetrics } from '@tfbench/domain/provider';
import { METRIC_DEFINITIONS_VERSION, resolveRunSettings } from '@tfbench/domain/provider';
import type { Automation, Run, Scenario } from '../db/schema.js';
import { selectRunEvents } from '../repositories/run-events.js';
import { selectRunById } from '../repositories/runs.js';
import { resetUnstartedRun } from '../repositories/runs-lifecycle.js';
import { claimOrphanedRun, msUntilStale } from '../repositories/runs-recovery.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { explainAbort } from './abort-reason.js';
import type { HeldRun } from './active-runs.js';
import { finishRun } from './finish-run.js';
import { type FinishedRunFacts, notExecuted } from './outcome-columns.js';
import { publishRunStatus } from './publish.js';
import { runSettingsOf } from './run-settings.js';
import { sleep } from './sleep.js';
import type { EngineContext, ExecuteRunResult } from './types.js';

/** `reset`: the run never reached upstream and is pending again; the caller executes it. */
export type RecoverRunResult = ExecuteRunResult | { kind: 'reset'; run: Run };

/** Failed reconcile attempts (network, 5xx) before the run is declared lost. */
const RECONCILE_ERROR_LIMIT = 3;

export async function recoverRun(
  ctx: EngineContext,
  params: { run_id: number },
  options: { signal?: AbortSignal } = {},
): Promise<RecoverRunResult> {
  const claimed = await takeOver(ctx, params.run_id, options.signal);
  if (!claimed) {
    const current = await selectRunById(ctx.db.db, params.run_id);
    return { kind: 'skipped', status: current?.status ?? 'missing' };
  }
  ctx.logger.warn(
    { run_id: claimed.id, upstream_run_id: claimed.upstream_run_id, executions: claimed.executions },
    'recovering a run whose worker stopped',
  );
  const held = ctx.activeRuns.hold(claimed.id, options.signal);
  try {
    const found = await selectScenarioWithAutomation(ctx.db.db, claimed.scenario_id);
    if (!found) throw new Error(`scenario ${claimed.scenario_id} of run ${claimed.id} does not exist`);
    const { scenario, automation } = found;
    if (claimed.upstream_run_id === null) {
      if (claimed.cancel_requested_at !== null) {
        return finishRun(
          ctx,
          claimed,
          scenario,
          notExecuted('cancelled', 'CANCELLED', `cancelled: ${claimed.cancel_reason}`),
        );
      }
      const reset = await resetUnstartedRun(ctx.db.db, claimed.id, ctx.settings.workerId);
      if (!reset)
        return { kind: 'skipped', status: (await selectRunById(ctx.db.db, claimed.id))?.status ?? 'missing' };
      ctx.logger.info({ run_id: reset.id }, 'run never reached upstream; executing it again');
      publishRunStatus(ctx, reset);
      return { kind: 'reset', run: reset };
    }
    const provider = ctx.providers[automation.provider];
    if (!provider) {
      return finishRun(
        ctx,
        claimed,
        scenario,
        lost(`no provider "${automation.provider}" is configured to ask`),
      );
    }
    return await reconcileUpstream(
      ctx,
      claimed,
      scenario,
      automation,
      provider,
      claimed.upstream_run_id,
      held,
      options.signal,
    );
  } finally {
    held.release();
  }
}

/**
 * Wait for the holder's heartbeat to go stale, then claim the run. Undefined when the run
 * stopped being `running` meanwhile or the job's signal aborted.
 */
async function takeOver(
  ctx: EngineContext,
  runId: number,
  signal: AbortSignal | undefined,
): Promise<Run | undefined> {
  const { staleAfterMs, heartbeatIntervalMs, workerId } = ctx.settings;
  while (!signal?.aborted) {
    const untilStale = await msUntilStale(ctx.db.db, runId, staleAfterMs);
    if (untilStale === null) return undefined;
    // A run held by this very process (a duplicate delivery) is never taken from itself.
    if (untilStale <= 0 && !ctx.activeRuns.has(runId)) {
      const claimed = await claimOrphanedRun(ctx.db.db, runId, workerId, staleAfterMs);
      if (claimed) return claimed;
    }
    await sleep(Math.min(Math.max(untilStale, 50), heartbeatIntervalMs), signal);
  }
  return undefined;
}

async function reconcileUpstream(
  ctx: EngineContext,
  run: Run,
  scenario: Scenario,
  automation: Automation,
  provider: Provider,
  upstreamRunId: string,
  held: HeldRun,
  jobSignal: AbortSignal | undefined,
): Promise<ExecuteRunResult> {
  const settings = resolveSettingsOrDefaults(automation, scenario);
  const deadline = (run.started_at?.getTime() ?? Date.now()) + settings.total_timeout_ms;
  // The held run's signal follows the job's (see ActiveRuns.hold).
  const signal = held.signal;
  const upstream = { config: automation.config };
  const storedMetrics = async (): Promise<Partial<RunMetrics>> =>
    provider.metricsFromEvents?.(await selectRunEvents(ctx.db.db, run.id)) ?? {};
  let errors = 0;
  for (;;) {
    const abort = explainAbort(held.signal, jobSignal);
    if (abort !== null) {
      const cancel = await provider.cancel(upstreamRunId, upstream);
      const facts = notExecuted(
        'cancelled',
        abort.code,
        `${abort.message}; upstream cancel: ${cancel.state}`,
      );
      facts.status = abort.status;
      return finishRun(ctx, run, scenario, { ...facts, metrics: await storedMetrics() });
    }
    const answer = await provider.reconcile(upstreamRunId, { ...upstream, signal });
    if (answer.state === 'terminal') {
      return finishRun(ctx, run, scenario, reconciledFacts(run, provider, answer, await storedMetrics()));
    }
    if (answer.state === 'not_found') {
      return finishRun(
        ctx,
        run,
        scenario,
        lost(`the upstream does not know run ${upstreamRunId}: ${answer.error.message}`),
      );
    }
    if (answer.state === 'error') {
      if (signal.aborted) continue;
      errors += 1;
      if (errors >= RECONCILE_ERROR_LIMIT) {
        return finishRun(
          ctx,
          run,
          scenario,
          lost(`asking the upstream for run ${upstreamRunId} failed: ${answer.error.message}`),
        );
      }
    } else if (Date.now() >= deadline) {
      const cancel = await provider.cancel(upstreamRunId, upstream);
      return finishRun(ctx, run, scenario, {
        ...notExecuted(
          'cancelled',
          'TOTAL_TIMEOUT',
          `the run outlived its time budget while being recovered; upstream cancel: ${cancel.state}`,
        ),
        status: 'timeout',
        metrics: await storedMetrics(),
      });
    }
    await sleep(settings.poll_interval_ms, signal);
  }
}

function reconciledFacts(
  run: Run,
  provider: Provider,
  answer: Extract<ReconcileResult, { state: 'terminal' }>,
  storedMetrics: Partial<RunMetrics>,
): FinishedRunFacts {
  return {
    status: answer.status,
    metrics: {
      ...storedMetrics,
      num_of_steps: answer.num_of_steps,
      server_duration_ms: answer.server_duration_ms,
    },
    error: answer.error
      ? { code: answer.error.code, message: answer.error.message, http_status: answer.error.http_status }
      : null,
    provider: provider.id,
    upstream_run_id: run.upstream_run_id,
    cost_usd: answer.cost_usd,
    streaming_url: answer.streaming_url,
    result: answer.result,
    response_json: answer.response_json,
    metric_definitions: METRIC_DEFINITIONS_VERSION,
  };
}

function lost(message: string): FinishedRunFacts {
  return notExecuted('failed', 'WORKER_LOST', `the worker executing the run stopped, and ${message}`);
}

function resolveSettingsOrDefaults(automation: Automation, scenario: Scenario) {
  try {
    return resolveRunSettings(runSettingsOf({ automation, scenario }));
  } catch {
    return resolveRunSettings({});
  }
}
