/**
 * Live events about runs. Best effort by design: the bus feeds live views, the database is
 * the record, so a failed publish is logged and never fails or delays a run.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import type { Run } from '../db/schema.js';
import type { EngineContext } from './types.js';

type Publisher = Pick<EngineContext, 'bus' | 'logger'>;

/** run.status for a run's current status. */
export function publishRunStatus(ctx: Publisher, run: Run): void {
  void ctx.bus
    .publish({
      kind: 'run.status',
      run_id: run.id,
      scenario_id: run.scenario_id,
      benchmark_id: run.benchmark_id,
      status: run.status,
      error_code: run.error_code,
      at: new Date().toISOString(),
    })
    .catch((error: unknown) =>
      ctx.logger.warn({ run_id: run.id, err: error }, 'publishing a run status failed'),
    );
}

/** Event types not worth a live message: keep-alives carry no information for a viewer. */
const QUIET_TYPES = new Set(['HEARTBEAT']);

/** run.event for one upstream or client event (PROGRESS carries its purpose). */
export function publishRunEvent(ctx: Publisher, run: Run, event: TimedEvent): void {
  if (QUIET_TYPES.has(event.type)) return;
  const purpose = event.payload.purpose;
  void ctx.bus
    .publish({
      kind: 'run.event',
      run_id: run.id,
      scenario_id: run.scenario_id,
      benchmark_id: run.benchmark_id,
      seq: event.seq,
      type: event.type,
      at_ms: Math.max(0, event.at_ms),
      ...(typeof purpose === 'string' ? { purpose } : {}),
    })
    .catch((error: unknown) =>
      ctx.logger.debug({ run_id: run.id, err: error }, 'publishing a run event failed'),
    );
}
