/** What a command reads and writes besides files: passed in so tests run commands in-process. */

export interface OutputStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted when the user (or a CI runner cancelling the job) interrupts the command. */
  signal?: AbortSignal;
}

/**
 * The real process. The first SIGINT or SIGTERM asks the command to stop (it cancels its
 * benchmark on the server first); a second one ends the process at once.
 */
export function processIo(): CliIo {
  const interrupted = new AbortController();
  const onSignal = () => {
    if (interrupted.signal.aborted) process.exit(130);
    process.stderr.write('\ntfbench: interrupted; stopping (press Ctrl-C again to quit at once)\n');
    interrupted.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: interrupted.signal,
  };
}
