/**
 * Holding a run's request until its send instant (ExecuteRequest.sendAt). The wait is the
 * provider's, on the loop that writes the request, so nothing but this wait stands between
 * the instant and the write: no admission bookkeeping, no other thread's work.
 */

/**
 * Resolves true at the first moment `wallClock()` reads `sendAt` or later (at once when there
 * is no `sendAt`, or it has passed), false as soon as `signal` aborts. Never true before the
 * instant: node's timers run on libuv's millisecond-truncated loop clock and may fire up to
 * about a millisecond before the wall-clock instant, so what a timer leaves (at most that
 * millisecond) is waited one loop turn at a time instead: a timer for it could fire late
 * by another millisecond.
 */
export function waitForSendInstant(
  sendAt: number | undefined,
  signal: AbortSignal | undefined,
  wallClock: () => number = Date.now,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (sendAt === undefined || wallClock() >= sendAt) return Promise.resolve(true);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let turn: NodeJS.Immediate | undefined;
    const finish = (reached: boolean): void => {
      clearTimeout(timer);
      clearImmediate(turn);
      signal?.removeEventListener('abort', onAbort);
      resolve(reached);
    };
    const onAbort = (): void => finish(false);
    const check = (): void => {
      const leftMs = sendAt - wallClock();
      if (leftMs <= 0) finish(true);
      else if (leftMs > 1) timer = setTimeout(check, leftMs);
      else turn = setImmediate(check);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    check();
  });
}
