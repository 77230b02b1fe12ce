/**
 * The worker process (`npm run worker`): consumes run, benchmark and schedule jobs from the
 * queue, recovers runs a dead process left behind, and fires schedules. Run as many as you
 * like against one PostgreSQL and one Redis; each executes WORKER_CONCURRENCY runs at once.
 */
import { ConfigError, loadConfig } from '@tfbench/core/config';
import { createRuntime } from '@tfbench/runtime';
import { startHeartbeatFile } from './heartbeat-file.js';
import { exitGracefullyOnSignals } from './shutdown.js';

/** The container check allows 60 s of silence: many missed beats, not one slow one. */
const HEARTBEAT_INTERVAL_MS = 5_000;

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.redisUrl) {
    // Without Redis the queue lives in one process: a separate worker would never see the
    // API's jobs. The embedded default runs the worker inside the API (npm start).
    process.stderr.write(
      'tfbench worker: REDIS_URL is not set. Without Redis the API process executes runs itself (npm start);\n' +
        'set REDIS_URL to run separate workers.\n',
    );
    process.exit(1);
  }
  const runtime = await createRuntime(config, { role: 'worker' });
  exitGracefullyOnSignals(runtime);
  if (config.engine.heartbeatFile) {
    const heartbeat = startHeartbeatFile({
      path: config.engine.heartbeatFile,
      intervalMs: HEARTBEAT_INTERVAL_MS,
      isHealthy: () => runtime.queue.isHealthy(),
      onError: (error) => runtime.logger.warn({ err: error }, 'could not write the heartbeat file'),
    });
    process.once('exit', () => heartbeat.stop());
  }
  process.stdout.write(
    `tfbench worker ${config.version} ready (${runtime.db.kind}, ${runtime.queue.kind} queue, concurrency ${config.engine.workerConcurrency}, ${config.tinyfish.mockMode ? 'mock' : 'live'} mode)\n`,
  );
}

function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tfbench worker: invalid configuration\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `tfbench worker: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
