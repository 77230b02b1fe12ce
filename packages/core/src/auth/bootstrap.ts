/**
 * Accounts from the environment, for infrastructure as code and tests: the administrator of
 * `TFBENCH_BOOTSTRAP_ADMIN_EMAIL`/`_PASSWORD` and the admin key `TFBENCH_BOOTSTRAP_API_KEY`,
 * each created at start when absent and left alone when present (a changed password in the
 * environment does not overwrite one changed in the dashboard).
 */
import type { AuthConfig } from '../config/index.js';
import { insertApiKey } from '../repositories/api-keys.js';
import { insertUser, selectUserByEmail } from '../repositories/users.js';
import type { CoreDeps } from '../services/deps.js';
import { hashPassword } from './password.js';
import { apiKeyPrefix, sha256 } from './tokens.js';

export interface BootstrapResult {
  adminCreated: boolean;
  apiKeyCreated: boolean;
}

/** The name the bootstrapped key is listed under. */
export const BOOTSTRAP_KEY_NAME = 'bootstrap';

export async function bootstrapAccounts(
  deps: CoreDeps,
  auth: Pick<AuthConfig, 'bootstrapAdmin' | 'bootstrapApiKey'>,
): Promise<BootstrapResult> {
  let adminCreated = false;
  let apiKeyCreated = false;
  const admin = auth.bootstrapAdmin;
  if (admin && !(await selectUserByEmail(deps.db.db, admin.email))) {
    const password_hash = await hashPassword(admin.password);
    // Another replica starting at the same time may win the insert; either way it exists.
    adminCreated =
      (await insertUser(deps.db.db, { email: admin.email, password_hash, role: 'admin' })) !== undefined;
  }
  const key = auth.bootstrapApiKey;
  if (key) {
    const row = await insertApiKey(deps.db.db, {
      name: BOOTSTRAP_KEY_NAME,
      role: 'admin',
      prefix: apiKeyPrefix(key),
      key_hash: sha256(key),
      user_id: null,
    });
    apiKeyCreated = row !== undefined;
  }
  return { adminCreated, apiKeyCreated };
}
