/**
 * One of our entry points (the API's or the worker's main.ts) run by tsx in a child process,
 * for the tests that need a real process: its exit code and signal, a SIGKILL, a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface EntryExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EntryProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  exited: Promise<EntryExit>;
  /**
   * Resolves once the output contains `text` (or the predicate holds); throws with the output
   * when the process exits first or `timeoutMs` passes.
   */
  waitForOutput(text: string | RegExp | ((output: string) => boolean), timeoutMs?: number): Promise<void>;
}

/** Starts `node --import tsx <entry>` (a path from the repository root) with exactly `env`. */
export function spawnEntry(entry: string, env: Record<string, string>): EntryProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env,
    stdio: 'pipe',
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<EntryExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: async (text, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      const seen = () =>
        typeof text === 'string'
          ? output.includes(text)
          : text instanceof RegExp
            ? text.test(output)
            : text(output);
      while (!seen()) {
        if (child.exitCode !== null) {
          throw new Error(`${entry} exited (${child.exitCode}) before printing ${text}:\n${output}`);
        }
        if (Date.now() > deadline)
          throw new Error(`${entry} did not print ${text} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** SIGKILL the process if it still runs, and wait for it to be gone. */
export async function killEntry(started: EntryProcess): Promise<void> {
  if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  await started.exited;
}
