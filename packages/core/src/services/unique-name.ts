/**
 * Names of automations, scenarios and saved benchmark definitions are unique, ignoring case and surrounding spaces: they
 * are what dropdowns and lists show, and two identical entries cannot be told apart.
 */
import { ConflictError } from '@tfbench/domain/errors';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { automations, benchmark_definitions, scenarios } from '../db/schema.js';

type Named = 'automation' | 'scenario' | 'benchmark definition';

/**
 * Transaction-scoped advisory lock keys: two concurrent creates of the same name take turns, so
 * the second sees the first's row (a unique index would refuse rows stored before this rule).
 */
const LOCK_KEYS: Record<Named, number> = {
  automation: 740_001,
  scenario: 740_002,
  'benchmark definition': 740_003,
};
const TABLES = {
  automation: automations,
  scenario: scenarios,
  'benchmark definition': benchmark_definitions,
};
const ARTICLES: Record<Named, string> = {
  automation: 'An automation',
  scenario: 'A scenario',
  'benchmark definition': 'A benchmark definition',
};

/** The name as compared: trimmed, lower case. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * ConflictError (409) naming `name` when another row of this kind (not `exceptId`) has the same
 * name. Call inside the transaction that writes the name.
 */
export async function assertNameFree(
  tx: Executor,
  kind: Named,
  name: string,
  exceptId?: number,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(LOCK_KEYS[kind]))})`);
  const table = TABLES[kind];
  const rows = await tx
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(eq(sql`lower(btrim(${table.name}))`, nameKey(name)))
    .limit(2);
  const clash = rows.find((row) => row.id !== exceptId);
  if (!clash) return;
  const message = `${ARTICLES[kind]} named "${clash.name}" exists already (#${clash.id}); choose another name (names are compared ignoring case and surrounding spaces)`;
  throw new ConflictError(message, [{ field: 'name', message }]);
}
