/** Who is making a request, as every authenticated request carries it. */
import { ROLES, type Role } from '../domain/index.js';

export type PrincipalKind = 'session' | 'api_key' | 'auth_off' | 'metrics_token' | 'anonymous';

export interface Principal {
  kind: PrincipalKind;
  /** Null for the anonymous caller and the metrics token (which may read metrics and health only). */
  role: Role | null;
  userId: number | null;
  apiKeyId: number | null;
  /** For logs and the audit trail: `user:alice@example.com`, `key:ci (tfb_ab12cd34)`, `anonymous`. */
  actor: string;
}

/** What a route requires: nobody in particular, or at least a role. */
export type Access = 'public' | Role;

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  role: null,
  userId: null,
  apiKeyId: null,
  actor: 'anonymous',
});

/** Every request while `TFBENCH_AUTH=off`: acts as an admin. */
export const AUTH_OFF: Principal = Object.freeze({
  kind: 'auth_off',
  role: 'admin',
  userId: null,
  apiKeyId: null,
  actor: 'auth-off',
});

export const METRICS_TOKEN_PRINCIPAL: Principal = Object.freeze({
  kind: 'metrics_token',
  role: null,
  userId: null,
  apiKeyId: null,
  actor: 'metrics-token',
});

/** Whether `role` may do what `needed` may (roles are ordered, strongest first). */
export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) <= ROLES.indexOf(needed);
}

/** Whether a principal may call a route that requires `access`. */
export function mayAccess(principal: Principal, access: Access): boolean {
  return access === 'public' || roleAtLeast(principal.role, access);
}

/**
 * The most iterations of one benchmark this principal may start, or undefined when only the
 * global cap applies (admins, auth off).
 */
export function iterationCap(
  principal: Principal,
  caps: { runner: number | undefined; editor: number | undefined },
): { limit: number; role: string } | undefined {
  const role = principal.role;
  if (role !== 'runner' && role !== 'editor') return undefined;
  const limit = caps[role];
  return limit === undefined ? undefined : { limit, role };
}
