/**
 * Starting a worker thread on a module of ours, from TypeScript sources (tsx, vitest) or
 * from a production bundle, where scripts/build.mjs (and the CLI's prebuilt bundle) write the
 * thread's own bundle beside the app's.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface ModuleThreadEntry {
  /** The caller's `import.meta.url`: a TypeScript source, or the app's bundle. */
  here: string;
  /** The thread's TypeScript entry, relative to `here` when that is a source. */
  source: string;
  /** The thread's bundle, relative to `here` when that is a bundle (the app's, beside it). */
  bundled: string;
}

/** Starts the thread; `options` are the Worker's (workerData, transferList...). */
export function spawnModuleThread(entry: ModuleThreadEntry, options: Omit<WorkerOptions, 'eval'>): Worker {
  if (!entry.here.endsWith('.ts')) return new Worker(new URL(entry.bundled, entry.here), options);
  // Node 20 does not apply the parent's module hooks (tsx's) to a worker's entry, so the
  // thread registers tsx itself before it imports its TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL(entry.source, entry.here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
