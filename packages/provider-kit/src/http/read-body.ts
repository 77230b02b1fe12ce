/** Reading (or discarding) a response body, bounded in size and time. */
import type { IncomingMessage } from 'node:http';
import type { MonotonicClock } from '../timing/clock.js';

/** Why reading a body failed. */
export type BodyFailure = 'too_large' | 'network' | 'aborted' | 'timeout';

export class BodyReadError extends Error {
  override readonly name = 'BodyReadError';
  constructor(
    readonly kind: BodyFailure,
    override readonly cause?: unknown,
  ) {
    super(`reading the response body failed: ${kind}`);
  }
}

/**
 * Read a whole (JSON) body as text, at most `maxBytes`, within `timeoutMs` (null: no own
 * limit). Resolves with the text and the monotonic instant its last byte arrived.
 */
export function readBody(
  res: IncomingMessage,
  options: { maxBytes: number; signal: AbortSignal; timeoutMs: number | null },
  clock: MonotonicClock,
): Promise<{ text: string; endAt: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = options.timeoutMs === null ? null : setTimeout(() => fail('timeout'), options.timeoutMs);
    const onAbort = () => fail('aborted');
    function finish(): void {
      done = true;
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    }
    function fail(kind: BodyFailure, cause?: unknown): void {
      if (done) return;
      finish();
      res.destroy();
      reject(new BodyReadError(kind, cause));
    }
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) fail('too_large');
      else chunks.push(chunk);
    });
    res.on('end', () => {
      const endAt = clock.now();
      if (done) return;
      finish();
      resolve({ text: Buffer.concat(chunks, size).toString('utf8'), endAt });
    });
    res.on('error', (error) => fail('network', error));
    res.on('close', () => {
      if (!res.complete) fail('network', new Error('connection closed before the body ended'));
    });
    if (options.signal.aborted) fail('aborted');
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Drain and discard a body we do not need, so the socket can go back to the pool. */
export function discardBody(res: IncomingMessage): void {
  res.resume();
  res.on('error', () => undefined);
}
