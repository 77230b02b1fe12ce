/**
 * The `tfbench` command: pick the command, run it, turn any error into its message on
 * stderr and its exit code. Returns the code rather than exiting, so tests call it directly.
 */
import { applyCommand } from './apply-command.js';
import { compareCommand } from './compare-command.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { exportCommand } from './export-command.js';
import { MAIN_HELP } from './help.js';
import { type CliIo, processIo } from './io.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';

const VERSION = '0.1.0';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  run: runCommand,
  apply: applyCommand,
  export: exportCommand,
  report: reportCommand,
  compare: compareCommand,
  runs: runsCommand,
};

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
      return command === undefined ? EXIT.usage : EXIT.passed;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`tfbench ${VERSION}\n`);
      return EXIT.passed;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `tfbench: ${error.message}\nRun "tfbench ${command && COMMANDS[command] ? `${command} ` : ''}--help" for usage.\n`,
      );
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr.write(`tfbench: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`tfbench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
