/** SQL of `sessions`. */
import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Session, sessions, type User, users } from '../db/schema.js';

export async function insertSession(
  db: Executor,
  values: { user_id: number; token_hash: string; expires_at: Date },
): Promise<Session> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new Error('insert into sessions returned no row');
  return row;
}

/**
 * The live session with this token hash and its user: not past its absolute end, and used
 * within the idle period. Undefined otherwise.
 */
export async function selectLiveSession(
  db: Executor,
  tokenHash: string,
  idleMs: number,
): Promise<{ session: Session; user: User } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.user_id))
    .where(
      and(
        eq(sessions.token_hash, tokenHash),
        gt(sessions.expires_at, sql`now()`),
        gt(sessions.last_seen_at, sql`now() - make_interval(secs => ${idleMs / 1000})`),
      ),
    );
  return row;
}

export async function touchSession(db: Executor, id: number): Promise<void> {
  await db.update(sessions).set({ last_seen_at: sql`now()` }).where(eq(sessions.id, id));
}

export async function deleteSessionByHash(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.token_hash, tokenHash));
}

export async function deleteUserSessions(db: Executor, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.user_id, userId));
}

/** Removes sessions that can no longer be used; returns how many. */
export async function deleteDeadSessions(db: Executor, idleMs: number): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(
      or(
        lte(sessions.expires_at, sql`now()`),
        lte(sessions.last_seen_at, sql`now() - make_interval(secs => ${idleMs / 1000})`),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
