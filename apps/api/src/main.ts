/**
 * Start the API: read the configuration, open the database, apply pending migrations,
 * listen, and close everything on SIGINT/SIGTERM. `npm start` runs this file.
 */
import { ConfigError, loadConfig } from '@tfbench/core/config';
import { migrate, openDatabase } from '@tfbench/core/db';
import { buildApp } from './app.js';
import { DOCS_PREFIX, OPENAPI_PATH } from './http/openapi.js';

/** How long a graceful close may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const config = readConfig();
  const db = await openDatabase(config.database);
  const { applied } = await migrate(db);
  const app = await buildApp({ config, db });
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');

  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) {
      // A second signal means "now": skip the graceful part.
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await app.listen({ host: config.api.host, port: config.api.port });
  const base = publicBase(config.api.host, config.api.port);
  process.stdout.write(
    [
      `tfbench API ${config.version} listening (${config.database.kind}, ${config.tinyfish.mockMode ? 'mock' : 'live'} mode)`,
      `  API:     ${base}/api/v1`,
      `  Docs:    ${base}${DOCS_PREFIX}`,
      `  OpenAPI: ${base}${OPENAPI_PATH}`,
      `  Health:  ${base}/health`,
      '',
    ].join('\n'),
  );
}

/** Parse the environment; a bad value prints one line per variable and exits with 1. */
function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tfbench: invalid configuration\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A clickable base URL: wildcard bind addresses are shown as localhost. */
function publicBase(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `tfbench: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
