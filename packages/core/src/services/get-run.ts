import { NotFoundError } from '@tfbench/domain/errors';
import type { Run, RunEvent } from '../db/schema.js';
import { selectRunEvents } from '../repositories/run-events.js';
import { selectRunById } from '../repositories/runs.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

/** A run with its event timeline. */
export type RunWithEvents = Run & { events: RunEvent[] };

/** One run and its events ordered by seq; NotFoundError (404) for an unknown id. */
export async function getRun(deps: CoreDeps, id: number): Promise<RunWithEvents> {
  requireExistingId('run', id);
  const { db } = deps.db;
  const [run, events] = await Promise.all([selectRunById(db, id), selectRunEvents(db, id)]);
  if (!run) throw new NotFoundError('run', id);
  return { ...run, events };
}
