/**
 * Coalesces calls of an idempotent step that decides from the database (such as advancing a
 * benchmark after one of its runs ended). Of the calls for one key, at most one step runs
 * at a time; calls that arrive while it runs share ONE next step, started when it ends.
 *
 * Why: when 200 runs of a benchmark end at about the same moment, 200 identical steps
 * would each take the benchmark's row lock in turn, each holding a pooled connection while
 * it waits, starving the runs that need a connection to start or finish. Two steps do the
 * same work, because a step reads everything that ended before it started.
 *
 * Guarantee: the promise a call returns settles after a step that STARTED after the call
 * (so the step saw whatever the caller had committed before calling) has ended, and with
 * that step's result.
 */

const ignore = (): void => {};

interface KeyState {
  /** The step running now. */
  running: Promise<void>;
  /** The step the calls since `running` started are waiting for; null when there were none. */
  next: Promise<void> | null;
}

export class StepCoalescer {
  private readonly states = new Map<string, KeyState>();

  /**
   * Run `step` for `key`, or join the next step of that key. Every call for one key must
   * ask for the same work: a joined call's own `step` is not called.
   *
   * @example
   * await coalescer.run(`benchmark-${id}`, () => advanceBenchmark(deps, id, 'run-finished'));
   */
  run(key: string, step: () => Promise<unknown>): Promise<void> {
    const state = this.states.get(key);
    if (!state) {
      const created: KeyState = { running: Promise.resolve(), next: null };
      this.states.set(key, created);
      created.running = this.start(key, created, step);
      return created.running;
    }
    state.next ??= state.running.then(ignore, ignore).then(() => {
      state.next = null;
      state.running = this.start(key, state, step);
      return state.running;
    });
    return state.next;
  }

  /** Keys with a step running or waiting (for tests and diagnostics). */
  get activeKeys(): number {
    return this.states.size;
  }

  private async start(key: string, state: KeyState, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } finally {
      // Forget the key once nothing waits for it; a waiting step keeps it.
      if (state.next === null && this.states.get(key) === state) this.states.delete(key);
    }
  }
}
