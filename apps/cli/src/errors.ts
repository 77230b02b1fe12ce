/**
 * The exit codes of `tfbench`, and the error that carries one. A pipeline reads the code, a
 * person reads the message on stderr.
 */

export const EXIT = {
  /** The benchmark ran and every threshold held (or there were none). */
  passed: 0,
  /** The benchmark could not be carried out: bad file, unknown key, unreachable server, refused key. */
  failure: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The benchmark ran, its thresholds held, and it regressed significantly against the baseline. */
  regressed: 98,
  /** The benchmark ran and a threshold failed. */
  thresholdFailed: 99,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one message on stderr and ends with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
  ) {
    super(message);
  }
}

/** A wrong command line: the message, then a pointer to --help, exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
