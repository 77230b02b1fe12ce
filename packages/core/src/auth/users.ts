/** Managing accounts: the first administrator, and what admins do to users. */

import type { User } from '../db/schema.js';
import type { Role } from '../domain/index.js';
import { AppError, ConflictError, NotFoundError } from '../errors/index.js';
import { deleteUserSessions } from '../repositories/sessions.js';
import {
  countAdmins,
  countUsers,
  deleteUser as deleteUserRow,
  insertUser,
  lockUsers,
  selectUser,
  selectUsers,
  updateUser,
} from '../repositories/users.js';
import type { CoreDeps } from '../services/deps.js';
import { hashPassword } from './password.js';

export interface NewAccount {
  email: string;
  password: string;
  role: Role;
}

/** Whether no account exists yet (the dashboard then asks for the administrator). */
export async function isSetupRequired(deps: CoreDeps): Promise<boolean> {
  return (await countUsers(deps.db.db)) === 0;
}

/**
 * Create the first account, an admin, while none exists. 409 SETUP_DONE afterwards, also when
 * two setups race (the table lock lets one of them in).
 */
export async function createFirstAdmin(
  deps: CoreDeps,
  input: { email: string; password: string },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return deps.db.db.transaction(async (tx) => {
    await lockUsers(tx);
    if ((await countUsers(tx)) > 0) {
      throw new AppError('SETUP_DONE', 409, 'An administrator exists already; sign in instead.');
    }
    const user = await insertUser(tx, {
      email: input.email.toLowerCase(),
      password_hash: passwordHash,
      role: 'admin',
    });
    if (!user) throw new AppError('SETUP_DONE', 409, 'An administrator exists already; sign in instead.');
    return user;
  });
}

/** 409 when the email is taken (in any case). */
export async function createUser(deps: CoreDeps, input: NewAccount): Promise<User> {
  const user = await insertUser(deps.db.db, {
    email: input.email.toLowerCase(),
    password_hash: await hashPassword(input.password),
    role: input.role,
  });
  if (!user)
    throw new ConflictError(`A user with email ${input.email.toLowerCase()} exists already.`, {
      field: 'email',
    });
  return user;
}

export function listUsers(deps: CoreDeps): Promise<User[]> {
  return selectUsers(deps.db.db);
}

/** Changes a user's role; the last admin cannot be demoted (409). */
export async function changeUserRole(deps: CoreDeps, id: number, role: Role): Promise<User> {
  return deps.db.db.transaction(async (tx) => {
    await lockUsers(tx);
    const user = await selectUser(tx, id);
    if (!user) throw new NotFoundError('user', id);
    if (user.role === 'admin' && role !== 'admin' && (await countAdmins(tx)) <= 1) {
      throw new ConflictError('This is the last admin; make another user admin first.', { field: 'role' });
    }
    const updated = await updateUser(tx, id, { role });
    if (!updated) throw new NotFoundError('user', id);
    return updated;
  });
}

/** An admin sets a user's password; every session of that user ends. */
export async function resetUserPassword(deps: CoreDeps, id: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await deps.db.db.transaction(async (tx) => {
    const updated = await updateUser(tx, id, { password_hash: passwordHash });
    if (!updated) throw new NotFoundError('user', id);
    await deleteUserSessions(tx, id);
  });
}

/** Deletes a user with their sessions and keys; never the last admin (409). */
export async function deleteUser(deps: CoreDeps, id: number): Promise<void> {
  await deps.db.db.transaction(async (tx) => {
    await lockUsers(tx);
    const user = await selectUser(tx, id);
    if (!user) throw new NotFoundError('user', id);
    if (user.role === 'admin' && (await countAdmins(tx)) <= 1) {
      throw new ConflictError('This is the last admin; make another user admin first.');
    }
    await deleteUserRow(tx, id);
  });
}

export function getUser(deps: CoreDeps, id: number): Promise<User | undefined> {
  return selectUser(deps.db.db, id);
}
