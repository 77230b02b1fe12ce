/**
 * Starting the sender thread's Worker, from TypeScript sources (tsx, vitest) or from the
 * production bundle, where scripts/build.mjs writes the thread's own bundle next to the app's.
 */
import { Worker } from 'node:worker_threads';
import type { SenderThreadSettings } from './protocol.js';

/** The thread's bundle, beside the app bundle that imports this module. */
const BUNDLED_ENTRY = './sender-thread.js';

/**
 * The thread's young generation (MB; 48 by V8's default for a thread on this Node).
 * Every run allocates some 50 KB on the thread (its request, stream, events and outcome),
 * and each young-generation collection stopped the thread for 10-35 ms under the engine
 * bench's load on two cores: any send due meanwhile goes out late by what is left of it. A
 * larger young generation makes those stops rarer. It takes memory only as the thread
 * allocates, at most this much.
 */
export const SENDER_THREAD_YOUNG_GENERATION_MB = 128;

export function spawnSenderThread(settings: SenderThreadSettings): Worker {
  const here = import.meta.url;
  const options = {
    workerData: settings,
    resourceLimits: { maxYoungGenerationSizeMb: SENDER_THREAD_YOUNG_GENERATION_MB },
  };
  if (!here.endsWith('.ts')) return new Worker(new URL(BUNDLED_ENTRY, here), options);
  // Node 20 does not apply the parent's module hooks (tsx's) to a worker's entry, so the
  // thread registers tsx itself before it imports its TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./thread-main.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
