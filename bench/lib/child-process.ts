/** Lifecycle of the processes a bench spawns (the mock, workers): wait until ready, stop. */
import type { ChildProcess } from 'node:child_process';

/**
 * Waits until the child prints a line on stdout matching `pattern` and resolves with the
 * match. Rejects (and kills the child) when it exits first or `timeoutMs` passes, quoting
 * what it wrote on stderr.
 */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  options: { timeoutMs: number; what: string },
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() =>
        reject(new Error(`${options.what} did not start within ${options.timeoutMs} ms: ${err.trim()}`)),
      );
    }, options.timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      out += chunk.toString('utf8');
      const match = pattern.exec(out);
      if (match) settle(() => resolve(match));
    });
    child.once('exit', (code, signal) => {
      settle(() => reject(new Error(`${options.what} exited (${signal ?? `code ${code}`}): ${err.trim()}`)));
    });
  });
}

/** SIGTERM, then SIGKILL if the child is still there after `forceAfterMs`. Resolves once it exited. */
export function stopChild(child: ChildProcess, forceAfterMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
