/**
 * Starting the sender thread's Worker, from TypeScript sources (tsx, vitest) or from the
 * production bundle, where scripts/build.mjs writes the thread's own bundle next to the app's.
 */
import { Worker } from 'node:worker_threads';
import type { SenderThreadSettings } from './protocol.js';

/** The thread's bundle, beside the app bundle that imports this module. */
const BUNDLED_ENTRY = './sender-thread.js';

export function spawnSenderThread(settings: SenderThreadSettings): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(BUNDLED_ENTRY, here), { workerData: settings });
  // Node 20 does not apply the parent's module hooks (tsx's) to a worker's entry, so the
  // thread registers tsx itself before it imports its TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./thread-main.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: settings });
}
