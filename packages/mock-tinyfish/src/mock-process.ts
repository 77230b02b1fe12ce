/**
 * A mock server as its own process: both mocks' entry points end the same way, so the signal
 * handling and the last-resort error line live here.
 */

/**
 * On SIGINT/SIGTERM, closes `mock` giving open responses `graceMs`, then exits; a second signal
 * means "now" and skips the grace period.
 */
export function closeOnSignals(
  name: string,
  mock: { close(options: { graceMs: number }): Promise<void> },
  graceMs: number,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${name}: ${signal}, closing (grace ${graceMs} ms)\n`);
    mock.close({ graceMs }).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${name}: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Runs `main`; a failure (bad flags, port taken) is one line on stderr and exit code 1. */
export function runMockProcess(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
