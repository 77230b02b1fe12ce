/**
 * The shapes of the API's authentication, user and API-key endpoints, as the dashboard reads
 * them. Kept apart from the generated resource types so the two can change independently.
 */

/** Roles, strongest first. */
export const ROLES = ['admin', 'editor', 'runner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  role: Role;
  created_at: string;
  last_login_at: string | null;
}

export interface AuthStatus {
  auth: 'on' | 'off';
  setup_required: boolean;
}

/** Who the API thinks is calling: a signed-in user, a key, or anyone when auth is off. */
export interface Me {
  user: User | null;
  role: Role;
  via: 'session' | 'api_key' | 'off';
}

export interface ApiKey {
  id: number;
  name: string;
  role: Role;
  /** The first 8 characters after `tfb_`: enough to recognise a key, useless to use one. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  owner_email: string | null;
}

/** The answer to creating a key: the only time the key itself is ever sent. */
export interface CreatedApiKey {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  key: string;
  created_at: string;
  expires_at: string | null;
}

export interface ApiKeyInput {
  name: string;
  role: Role;
  expires_at?: string;
}

export interface UserInput {
  email: string;
  password: string;
  role: Role;
}

export interface Credentials {
  email: string;
  password: string;
}
