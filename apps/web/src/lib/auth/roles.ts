/**
 * What each role may do in the dashboard, mirroring the API's rules so that buttons the
 * server would refuse are not offered. The server enforces these regardless.
 */
import { ROLES, type Role } from './types';

/** What a button needs: `trigger` (runs, benchmarks, cancel), `edit` (create/change/delete), `admin`. */
export type Capability = 'read' | 'trigger' | 'edit' | 'admin';

const NEEDED: Record<Capability, Role> = {
  read: 'viewer',
  trigger: 'runner',
  edit: 'editor',
  admin: 'admin',
};

/** Whether `role` is `needed` or stronger. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(needed);
}

/**
 * @example
 * can('runner', 'trigger'); // true
 * can('runner', 'edit'); // false
 */
export function can(role: Role | null | undefined, capability: Capability): boolean {
  if (!role) return false;
  return roleAtLeast(role, NEEDED[capability]);
}

/** The roles a caller of `role` may hand out (a key or user no stronger than themselves). */
export function grantableRoles(role: Role): Role[] {
  return ROLES.filter((candidate) => roleAtLeast(role, candidate));
}

/** One line per role, for pickers. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything, including users and keys',
  editor: 'Create, change and delete; trigger and cancel',
  runner: 'Trigger and cancel runs and benchmarks; read',
  viewer: 'Read only',
};
