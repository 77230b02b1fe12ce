/**
 * What the API does about accounts when it starts: create the bootstrap administrator and key
 * from the configuration, warn when auth is off, and while no account exists print a one-time
 * setup token, with which the first administrator can be created from another machine.
 */
import { bootstrapAccounts, generateApiKey, isSetupRequired, pruneSessions } from '@tfbench/core/auth';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';

/** The setup token of this process, null once an account exists. */
export interface SetupGate {
  token: string | null;
}

/**
 * Registers the start-up work on `onReady`, so it runs once, before the first request.
 * Returns the gate the setup route checks.
 */
export function prepareAccounts(app: FastifyInstance, deps: AppDeps): SetupGate {
  const gate: SetupGate = { token: null };
  app.addHook('onReady', async () => {
    const { auth } = deps.config;
    if (auth.mode === 'off') {
      app.log.warn(
        'authentication is OFF (TFBENCH_AUTH=off): every request to this API acts as an admin; it listens on loopback only',
      );
      return;
    }
    const core = { db: deps.db };
    // Ended sessions are refused when presented; this only keeps the table small.
    await pruneSessions(core, { idleMs: auth.sessionIdleMs, maxMs: auth.sessionMaxMs });
    const created = await bootstrapAccounts(core, auth);
    if (created.adminCreated) app.log.info('bootstrap administrator created (TFBENCH_BOOTSTRAP_ADMIN_EMAIL)');
    if (created.apiKeyCreated) app.log.info('bootstrap API key created (TFBENCH_BOOTSTRAP_API_KEY)');
    if (await isSetupRequired(core)) {
      // The same shape as an API key is easy to copy whole; it is never stored.
      gate.token = generateApiKey().replace(/^tfb_/, 'setup_');
      app.log.warn(
        { setup_token: gate.token },
        `no account exists yet: open the dashboard from this machine to create the administrator, or send setup_token ${gate.token} with POST /api/v1/auth/setup`,
      );
    }
  });
  return gate;
}
