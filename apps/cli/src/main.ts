/**
 * The `tfbench` command: pick the command, run it, turn any error into its message on
 * stderr and its exit code. Returns the code rather than exiting, so tests call it directly.
 */
import { CliError, EXIT, UsageError } from './errors.js';
import { MAIN_HELP } from './help.js';
import { type CliIo, processIo } from './io.js';

const VERSION = '0.1.0';

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Each command's module is loaded when that command runs: `--help` and a command that only
 * reads files or talks to a server do not pay for loading (and compiling) all the others.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.js')).runCommand,
  apply: async () => (await import('./apply-command.js')).applyCommand,
  export: async () => (await import('./export-command.js')).exportCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  compare: async () => (await import('./compare-command.js')).compareCommand,
  runs: async () => (await import('./runs-command.js')).runsCommand,
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
    const load = COMMANDS[command];
    if (!load) throw new UsageError(`unknown command "${command}"`);
    return await (await load())(rest, io);
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
