import type { BackgroundLoop } from './features.js';

/**
 * Run `pass` every `intervalMs` until stopped, one pass at a time: a pass that outlasts the
 * interval delays the next instead of overlapping it, and `stop` waits for the pass in flight
 * so that nothing touches the database after shutdown. `pass` handles its own errors. The
 * timer does not keep the process alive.
 */
export function startSerialLoop(intervalMs: number, pass: () => Promise<void>): BackgroundLoop {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (!stopped) await pass();
    });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
