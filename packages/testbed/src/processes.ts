/**
 * Child processes of the e2e system (the API, `next start`, `next build`): started in their own
 * process group with their output captured, stopped by group so nothing they forked outlives
 * the suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code (or null after a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * PATH for children: this Node's folder and the system folders. Turbopack's PostCSS workers
 * need a PATH; ours is not passed on (see {@link startProcess}).
 */
export const CHILD_PATH = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');

/**
 * Starts `process.execPath args` with `env` and a plain PATH, nothing else of ours: a
 * developer's DATABASE_URL or REDIS_URL cannot turn the fresh system into a shared one.
 */
export function startProcess(
  name: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): ManagedProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: CHILD_PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    // Keep the tail only: a chatty child must not grow the test process without bound.
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      append(Buffer.from(`\n[${name}] ${error.message}\n`));
      resolve(null);
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // Children of the child (a Next.js worker) may outlive their parent: end the group.
    signalGroup('SIGKILL');
  };
  return { name, child, output: () => output, exited, stop };
}

/** The last lines a process printed, for error messages. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Polls `url` until it answers with a 2xx status. Fails early, with the process's output,
 * when `owner` exits first.
 */
export async function waitForHttp(url: string, owner: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (owner.child.exitCode !== null || owner.child.signalCode !== null)
      throw new Error(`${owner.name} exited before ${url} answered:\n${tail(owner.output())}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}):\n${tail(owner.output())}`);
}

/** A free TCP port on loopback, found by binding port 0 and letting it go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('could not get a free port');
  return address.port;
}
