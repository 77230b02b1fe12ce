import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const TSX = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

/** A mock's CLI started as its own process, with everything it printed so far. */
export interface StartedCli {
  /** What the listening line named, e.g. http://127.0.0.1:41234/v1. */
  url: string;
  proc: ChildProcess;
  output: () => string;
}

/**
 * Runs a mock's entry point (`main`, a .ts path) under tsx in child processes; `killAll` (for
 * afterEach) ends any a test left running.
 */
export function mockCli(main: string) {
  const children = new Set<ChildProcess>();
  const run = (
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ): { proc: ChildProcess; output: () => string } => {
    const proc = spawn(TSX, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    children.add(proc);
    let out = '';
    proc.stdout!.setEncoding('utf8');
    proc.stderr!.setEncoding('utf8');
    proc.stdout!.on('data', (c: string) => {
      out += c;
    });
    proc.stderr!.on('data', (c: string) => {
      out += c;
    });
    return { proc, output: () => out };
  };
  return {
    run,
    /** Starts the CLI and resolves once it prints its listening line. */
    async start(args: string[], env?: NodeJS.ProcessEnv): Promise<StartedCli> {
      const { proc, output } = run(args, env);
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout!.on('data', () => {
          const m = /listening on (http:\/\/\S+)/.exec(output());
          if (m) resolve(m[1]!);
        });
        proc.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output()}`)));
      });
      return { url, proc, output };
    },
    killAll(): void {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      children.clear();
    },
  };
}

/**
 * Sends SIGTERM to a mock's process while `open` is still streaming and waits for the exit:
 * what a graceful shutdown looks like from outside (the process code, how the stream ended).
 */
export async function sigtermDuring(
  proc: ChildProcess,
  open: { firstByte: Promise<unknown>; done: Promise<{ ending: string }> },
): Promise<{ code: number | null; ending: string }> {
  await open.firstByte;
  proc.kill('SIGTERM');
  const [code] = (await once(proc, 'exit')) as [number | null];
  return { code, ending: (await open.done).ending };
}
