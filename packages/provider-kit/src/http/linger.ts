/**
 * Responses we have finished reading but the server has not closed yet. After its final
 * event a stream should end at once; one that lingers past its grace period is destroyed,
 * so a misbehaving server cannot hold a pooled socket forever. One shared sweep checks all
 * of them, instead of a timer per run: it runs only while some response lingers.
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

/** How often lingering responses are checked; a grace period may overrun by up to this. */
const SWEEP_INTERVAL_MS = 500;

/** Lingering responses and the monotonic instant each must be closed by. */
const lingering = new Map<IncomingMessage, number>();
let sweeper: NodeJS.Timeout | null = null;

/**
 * Destroy `res` if it has not closed within `graceMs`. Cheap when it closes in time: a map
 * entry and a 'close' listener, no timer of its own.
 */
export function closeWhenLingering(res: IncomingMessage, graceMs: number): void {
  if (res.destroyed || res.closed) return;
  lingering.set(res, performance.now() + graceMs);
  res.on('close', forget);
  if (sweeper === null) {
    sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
    // Never keeps the process alive on its own.
    sweeper.unref();
  }
}

/** Responses waiting to close right now (for tests). */
export function lingeringCount(): number {
  return lingering.size;
}

/** A 'close' listener shared by every response: node calls it with the response as `this`. */
function forget(this: IncomingMessage): void {
  lingering.delete(this);
}

function sweep(): void {
  const now = performance.now();
  for (const [res, deadline] of lingering) {
    if (deadline <= now) {
      lingering.delete(res);
      res.destroy();
    }
  }
  if (lingering.size === 0 && sweeper !== null) {
    clearInterval(sweeper);
    sweeper = null;
  }
}
