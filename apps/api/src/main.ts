/**
 * Start the API: read the configuration, open everything through the runtime (database and
 * migrations, queue, live-event bus, and — on the embedded default, or with
 * EMBEDDED_WORKER=true — the worker, the scheduler and in mock mode the mock TinyFish), listen,
 * and close it all on SIGINT/SIGTERM. `npm start` runs this file.
 */
import { authOffProblem, ConfigError, loadConfig } from '@tfbench/core/config';
import { closeRedis, openRedis } from '@tfbench/core/queue';
import { createRuntime } from '@tfbench/runtime';
import { buildApp } from './app.js';
import { DOCS_PREFIX, OPENAPI_PATH } from './http/openapi.js';

/** Hard deadline after the first signal: orchestrators commonly SIGKILL at 30 s. */
const HARD_EXIT_MS = 29_000;

async function main(): Promise<void> {
  const config = readConfig();
  const authProblem = authOffProblem(config);
  if (authProblem) {
    process.stderr.write(`tfbench: refusing to start: ${authProblem}\n`);
    process.exit(1);
  }
  // Without Redis the queue lives in this process, so this process must execute the runs;
  // with Redis, separate workers (npm run worker) do, unless EMBEDDED_WORKER=true.
  const role = config.engine.embeddedWorker ? 'all' : 'api';
  const runtime = await createRuntime(config, { role });
  // The rate limits' counters, shared by every API process.
  const redis = config.redisUrl
    ? openRedis({ url: config.redisUrl, role: 'command', name: 'tfbench-api-limits', logger: runtime.logger })
    : undefined;
  const app = await buildApp({
    config,
    db: runtime.db,
    engine: runtime.engine,
    secretBox: runtime.secretBox,
    redis,
  });

  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) {
      // A second signal means "now": skip the graceful part.
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), HARD_EXIT_MS);
    force.unref();
    try {
      // Stop serving first (live-event streams end, in-flight requests finish), then the
      // runtime: runs in flight get the shutdown grace period, then are cancelled upstream.
      await app.close();
      if (redis) await closeRedis(redis);
      await runtime.close();
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
  const worker = role === 'all' ? 'embedded worker' : 'no worker: run `npm run worker`';
  process.stdout.write(
    [
      `tfbench API ${config.version} listening (${runtime.db.kind}, ${runtime.queue.kind} queue, ${worker}, ${config.tinyfish.mockMode ? 'mock' : 'live'} mode)`,
      `  API:     ${base}/api/v1`,
      `  Events:  ${base}/api/v1/events`,
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
