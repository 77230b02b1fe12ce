/**
 * Starting the sender thread's Worker, from TypeScript sources (tsx, vitest) or from the
 * production bundle, where scripts/build.mjs writes the thread's own bundle next to the app's.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleThread } from '@tfbench/core/threads';
import type { SenderThreadSettings } from './protocol.js';

export function spawnSenderThread(settings: SenderThreadSettings): Worker {
  return spawnModuleThread(
    { here: import.meta.url, source: './thread-main.ts', bundled: './sender-thread.js' },
    { workerData: settings },
  );
}
