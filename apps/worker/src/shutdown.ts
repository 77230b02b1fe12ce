/**
 * Graceful shutdown on SIGTERM / SIGINT: stop taking jobs, let in-flight runs finish within
 * the grace period, then cancel the rest upstream and store them as cancelled (the queue's
 * close does that; see @tfbench/runtime), and exit — always within 30 s of the first signal,
 * when orchestrators give up and SIGKILL. A second signal exits at once.
 */
import type { Runtime } from '@tfbench/runtime';

/** The hard deadline after the first signal; orchestrators commonly SIGKILL at 30 s. */
export const HARD_EXIT_MS = 29_000;

export interface ShutdownOptions {
  /** Default: process.exit. */
  exit?: (code: number) => void;
}

export function exitGracefullyOnSignals(runtime: Runtime, options: ShutdownOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      runtime.logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    runtime.logger.info(
      { signal, grace_ms: runtime.config.engine.shutdownGraceMs },
      'shutting down: no new jobs; in-flight runs may finish within the grace period',
    );
    const hardExit = setTimeout(() => {
      runtime.logger.error({ signal }, 'shutdown did not finish in time: exiting anyway');
      exit(1);
    }, HARD_EXIT_MS);
    hardExit.unref();
    runtime.close().then(
      () => {
        clearTimeout(hardExit);
        exit(0);
      },
      (error: unknown) => {
        runtime.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
