/** SQL of `users`. */
import { asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type NewUser, type User, users } from '../db/schema.js';
import { insertRowUnlessTaken, selectRowById } from './rows.js';

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function countAdmins(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
  return row?.n ?? 0;
}

export async function selectUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export function selectUser(db: Executor, id: number): Promise<User | undefined> {
  return selectRowById(db, users, id);
}

export function selectUsers(db: Executor): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.id));
}

/** Inserts the user; undefined when the email is taken. */
export function insertUser(db: Executor, values: NewUser): Promise<User | undefined> {
  return insertRowUnlessTaken(db, users, values);
}

export async function updateUser(
  db: Executor,
  id: number,
  values: Partial<Pick<User, 'role' | 'password_hash'>>,
): Promise<User | undefined> {
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  return row;
}

export async function touchUserLogin(db: Executor, id: number): Promise<void> {
  await db.update(users).set({ last_login_at: sql`now()` }).where(eq(users.id, id));
}

export async function deleteUser(db: Executor, id: number): Promise<boolean> {
  const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

/**
 * Serializes changes that must keep one admin: concurrent demotions or deletions of the last
 * two admins would otherwise each see the other one still there.
 */
export async function lockUsers(db: Executor): Promise<void> {
  await db.execute(sql`lock table ${users} in share row exclusive mode`);
}
