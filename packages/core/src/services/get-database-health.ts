import type { DatabaseHandle } from '../db/database.js';
import { type MigrationStatus, migrationStatus } from '../db/migrate.js';
import type { CoreDeps } from './deps.js';

export interface DatabaseHealth {
  kind: DatabaseHandle['kind'];
  reachable: boolean;
  /** Round trip of `select 1`, in ms; null when unreachable. */
  latency_ms: number | null;
  /** Null when the database could not be asked. */
  migrations: MigrationStatus | null;
  /** The driver's message when unreachable (no credentials: drivers do not echo passwords). */
  error: string | null;
}

/**
 * Whether the database answers, and whether its migrations are current — for `/health`.
 * Never throws: an unreachable database is a result, not an error. `timeoutMs` bounds the
 * wait so that a hung server makes the check fail rather than hang.
 *
 * @example
 * const health = await getDatabaseHealth(deps, { timeoutMs: 2000 });
 * if (!health.reachable || !health.migrations?.current) reply.code(503);
 */
export async function getDatabaseHealth(
  deps: CoreDeps,
  options: { timeoutMs?: number } = {},
): Promise<DatabaseHealth> {
  const handle = deps.db;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const started = performance.now();
  try {
    await withTimeout(handle.ping(), timeoutMs);
    const latency_ms = performance.now() - started;
    const migrations = await withTimeout(migrationStatus(handle), timeoutMs);
    return { kind: handle.kind, reachable: true, latency_ms, migrations, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: handle.kind, reachable: false, latency_ms: null, migrations: null, error: message };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
