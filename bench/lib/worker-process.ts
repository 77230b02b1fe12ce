/**
 * A tfbench worker process (`apps/worker`), spawned the way `npm run worker` starts it, with
 * the environment it is given and nothing inherited: the bench decides every setting.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, waitForOutput } from './child-process.js';
import { processCpuMs } from './process-cpu.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_MAIN = 'apps/worker/src/main.ts';
const START_TIMEOUT_MS = 60_000;
/** The worker's own shutdown takes its grace period plus a few seconds; then it is killed. */
const STOP_TIMEOUT_MS = 20_000;

export interface WorkerProcess {
  readonly pid: number;
  /** CPU the process has used so far, ms; null once it exited. */
  cpuMs(): number | null;
  /** What it wrote on stderr so far (the last 8 kB), for error reports. */
  stderrTail(): string;
  /** SIGTERM (a graceful stop, which also writes a --cpu-prof profile), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/**
 * Spawns a worker and waits for its "ready" line.
 *
 * @param env its whole environment (DATABASE_URL, REDIS_URL, ...); the bench's is not inherited
 * @param cpuProfileDir when set, the worker runs under `--cpu-prof` and writes its profile there on exit
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  cpuProfileDir: string | null,
): Promise<WorkerProcess> {
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', WORKER_MAIN], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a worker behind, whatever way the bench ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8192);
  });
  try {
    await waitForOutput(child, /tfbench worker \S+ ready/, { timeoutMs: START_TIMEOUT_MS, what: 'a worker' });
  } catch (error) {
    process.off('exit', killOnExit);
    throw error;
  }
  const pid = child.pid as number;
  return {
    pid,
    cpuMs: () => processCpuMs(pid),
    stderrTail: () => stderr,
    stop: async () => {
      await stopChild(child, STOP_TIMEOUT_MS);
      process.off('exit', killOnExit);
    },
  };
}
