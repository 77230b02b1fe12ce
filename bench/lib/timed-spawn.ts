/**
 * A spawned command timed from the outside: the spawn instant, its CPU time so far (from
 * /proc), its exit, and the start-up steps it reports on stderr (`tfbench: startup <step>:
 * ... at <epoch ms>`, written when TFBENCH_STARTUP_TRACE is set; see the CLI's
 * startup-trace.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StartupStepMark {
  step: string;
  /** From the spawn instant to the step, on the bench's clock. */
  sinceSpawnMs: number;
  /** CPU time the process had used by the step. */
  cpuMs: number;
}

export interface TimedProcess {
  /** Epoch ms just before the spawn. */
  startedAt: number;
  exited: Promise<{ exitedAt: number; code: number | null; stderr: string }>;
  /** CPU time (user + system, ms, all threads) the process has used so far; null once it is gone. */
  cpuMs(): number | null;
  /** The start-up steps it has reported so far. */
  steps(): StartupStepMark[];
}

const STEP_LINE = /^tfbench: startup (.+): [\d.]+ ms wall, ([\d.]+) ms CPU, at (\d+)$/gm;

export function timedSpawn(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): TimedProcess {
  const startedAt = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ exitedAt: number; code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitedAt: Date.now(), code, stderr }));
  });
  return {
    startedAt,
    exited,
    cpuMs: () => {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return null;
      }
    },
    steps: () =>
      [...stderr.matchAll(STEP_LINE)].map((match) => ({
        step: match[1] ?? '',
        sinceSpawnMs: Number(match[3]) - startedAt,
        cpuMs: Number(match[2]),
      })),
  };
}
