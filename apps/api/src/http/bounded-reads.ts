/**
 * The core dependencies of a read a request can make expensive (analytics, KPIs, the runs list
 * and export): the same database handle, with its queries sent through the bounded-read
 * connections, whose statement_timeout the server enforces (see DatabaseHandle.boundedReads).
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import type { CoreDeps } from '@tfbench/core/services';

export function boundedReadDeps(db: DatabaseHandle): CoreDeps {
  return { db: { ...db, db: db.boundedReads } };
}
