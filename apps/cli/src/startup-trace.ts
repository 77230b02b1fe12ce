/**
 * Start-up marks for `npm run bench:cli`: with TFBENCH_STARTUP_TRACE set, each step of a
 * standalone run's start writes `tfbench: startup <step>: <wall> ms wall, <cpu> ms CPU, at
 * <epoch ms>` to stderr. The wall time counts from the process's start (`performance.now()`);
 * the CPU time is all the process's threads (PGlite compiles WebAssembly beside the main one);
 * the epoch instant places the step on the bench's clock, next to the spawn and the first
 * request's arrival. Nothing is written without the variable.
 */
import type { OutputStream } from './io.js';

export type StartupStep =
  | 'command loaded'
  | 'server modules loaded'
  | 'runtime started'
  | 'API listening'
  | 'benchmark created';

export interface StartupTrace {
  mark(step: StartupStep): void;
}

export const SILENT_TRACE: StartupTrace = { mark: () => {} };

export function startupTrace(env: Record<string, string | undefined>, stderr: OutputStream): StartupTrace {
  if (!env.TFBENCH_STARTUP_TRACE) return SILENT_TRACE;
  return {
    mark(step) {
      const cpu = process.cpuUsage();
      const cpuMs = (cpu.user + cpu.system) / 1000;
      stderr.write(
        `tfbench: startup ${step}: ${performance.now().toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU, at ${Date.now()}\n`,
      );
    },
  };
}
