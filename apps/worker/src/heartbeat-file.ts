/**
 * The worker's liveness signal for orchestrators that can only run a command in the container
 * (Docker HEALTHCHECK; a worker has no HTTP port to probe): while the event loop turns and
 * `isHealthy()` holds, the file is rewritten every `intervalMs`. A wedged event loop or a lost
 * queue connection lets it go stale, and the check (`docker/healthcheck.mjs --file`) fails.
 */
import { rmSync, writeFileSync } from 'node:fs';

export interface HeartbeatFileOptions {
  path: string;
  intervalMs: number;
  /** Checked before each write; false skips the write, so the file ages. */
  isHealthy: () => boolean;
  /** A write that failed (full disk, missing folder); the next tick tries again. */
  onError?: (error: unknown) => void;
}

export interface HeartbeatFile {
  /** Stop writing and remove the file. Idempotent. */
  stop(): void;
}

/**
 * @example
 * const heartbeat = startHeartbeatFile({ path: '/tmp/worker.heartbeat', intervalMs: 10_000, isHealthy: () => queue.isHealthy() });
 * process.once('exit', () => heartbeat.stop());
 */
export function startHeartbeatFile(options: HeartbeatFileOptions): HeartbeatFile {
  const beat = () => {
    if (!options.isHealthy()) return;
    try {
      writeFileSync(options.path, `${new Date().toISOString()}\n`);
    } catch (error) {
      options.onError?.(error);
    }
  };
  beat();
  const timer = setInterval(beat, options.intervalMs);
  // The heartbeat never keeps the process alive on its own.
  timer.unref();
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      rmSync(options.path, { force: true });
    },
  };
}
