/**
 * Run a set of processes as one unit: if any exits, the rest are stopped; SIGTERM or SIGINT
 * stops them all gracefully; the unit's exit code says whether everything ended well.
 *
 * Children get their own process group, so a Ctrl-C in the terminal reaches them once, via
 * the supervisor, rather than twice (the api and the worker read a second signal as
 * "exit now, skip the grace period").
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { ProcessSpec } from './plan.js';

export interface SuperviseOptions {
  /** After a stop began, SIGKILL what is still running this long later. */
  hardStopMs: number;
  log: (line: string) => void;
}

export interface Supervision {
  /** Resolves with the exit code for the whole unit once every child has exited. */
  done: Promise<number>;
  /** Stop every child with this signal (idempotent; a second call escalates to SIGKILL). */
  stop(signal: NodeJS.Signals): void;
  readonly pids: ReadonlyMap<string, number | undefined>;
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export function supervise(specs: readonly ProcessSpec[], options: SuperviseOptions): Supervision {
  const running: Running[] = [];
  let stopping: { cause: 'signal' | 'exit'; failedCode: number } | undefined;
  let hardStop: NodeJS.Timeout | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const signalAll = (signal: NodeJS.Signals) => {
    for (const r of running) {
      if (r.exit || r.child.pid === undefined) continue;
      try {
        process.kill(-r.child.pid, signal);
      } catch {
        // Already gone between the check and the kill.
      }
    }
  };

  const beginStop = (cause: 'signal' | 'exit', signal: NodeJS.Signals, failedCode = 0) => {
    if (stopping) {
      if (cause === 'signal') {
        options.log('second signal: killing every process now');
        signalAll('SIGKILL');
      }
      return;
    }
    stopping = { cause, failedCode };
    signalAll(signal);
    hardStop = setTimeout(() => {
      options.log(`still running ${options.hardStopMs} ms after the stop began: killing`);
      signalAll('SIGKILL');
    }, options.hardStopMs);
    hardStop.unref();
  };

  const onExit = (r: Running, code: number | null, signal: NodeJS.Signals | null) => {
    r.exit = { code, signal };
    const how = signal ? `by ${signal}` : `with code ${code}`;
    if (!stopping) {
      options.log(`${r.spec.name} (pid ${r.child.pid}) exited ${how}; stopping the others`);
      beginStop('exit', 'SIGTERM', code && code !== 0 ? code : 1);
    } else {
      options.log(`${r.spec.name} exited ${how}`);
    }
    if (running.every((x) => x.exit)) {
      if (hardStop) clearTimeout(hardStop);
      finish(exitCode(running, stopping));
    }
  };

  for (const spec of specs) {
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: 'inherit', detached: true });
    const r: Running = { spec, child, exit: undefined };
    running.push(r);
    child.once('exit', (code, signal) => onExit(r, code, signal));
    child.once('error', (error) => {
      options.log(`${spec.name} could not start: ${error.message}`);
      if (!r.exit) onExit(r, 127, null);
    });
    options.log(`started ${spec.name} (pid ${child.pid}): ${[spec.command, ...spec.args].join(' ')}`);
  }

  // If the supervisor itself dies, do not leave orphans behind in their own process groups.
  process.once('exit', () => signalAll('SIGKILL'));

  return {
    done,
    stop: (signal) => beginStop('signal', signal),
    pids: new Map(running.map((r) => [r.spec.name, r.child.pid])),
  };
}

/**
 * Exit codes that mean "ended by SIGTERM / SIGINT" by the shell convention 128 + signal
 * number: `next start` exits 143 when it handles SIGTERM.
 */
const SIGNAL_EXIT_CODES = new Set([143, 130]);

/**
 * 0 when a signal asked everything to stop and every child exited cleanly (code 0, or ended
 * by the forwarded signal); otherwise the code of the child whose exit brought the unit down.
 */
function exitCode(
  running: readonly Running[],
  stopping: { cause: string; failedCode: number } | undefined,
): number {
  if (stopping?.cause === 'exit') return stopping.failedCode;
  const clean = running.every(
    ({ exit }) =>
      exit?.code === 0 ||
      SIGNAL_EXIT_CODES.has(exit?.code ?? -1) ||
      exit?.signal === 'SIGTERM' ||
      exit?.signal === 'SIGINT',
  );
  return clean ? 0 : 1;
}
