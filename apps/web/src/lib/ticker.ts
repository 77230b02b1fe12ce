/**
 * One clock for every relative time on the page: a single interval, running only while some
 * component listens, that moves `now` forward once a second. Each time cell subscribes on its
 * own, so a tick re-renders the cells and not the tables around them.
 */

export const TICK_MS = 1000;

let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  current = Date.now();
  for (const listener of listeners) listener();
}

/** Adds a listener; the first one starts the interval and the last one to leave stops it. */
export function subscribeTicker(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    // The clock may have stood still while nobody listened.
    current = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The ticker's current time, epoch ms (changes only on a tick, as React's store contract wants). */
export function tickerNow(): number {
  return current;
}

/** How many intervals are running: zero or one, whatever the number of listeners. */
export function tickerIntervals(): number {
  return timer === undefined ? 0 : 1;
}
