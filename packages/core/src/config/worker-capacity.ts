/**
 * How many runs one worker process holds at once when `WORKER_CONCURRENCY` is not set.
 *
 * A run is I/O-bound: it waits on one upstream stream for milliseconds or minutes and costs
 * the process a socket and some memory, not CPU. So the limit is what the process can hold,
 * not a small fixed count that would cap every benchmark (30 s agent runs at 8 per process
 * top out near 0.27 runs/s whatever a benchmark asks for).
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

/**
 * Heap budgeted per run in flight: its stream buffers, parsed events, timings and the job
 * around it take far less, so the heap is never what runs out first.
 */
export const HEAP_PER_RUN_BYTES = 1024 * 1024;

/** File descriptors kept for everything but upstream sockets: database, Redis, HTTP clients, files. */
export const RESERVED_FILE_DESCRIPTORS = 256;

/** Never fewer: the most concurrency one benchmark may ask for, so one process serves any benchmark. */
export const MIN_DEFAULT_CONCURRENCY = 1_000;

/** Never more: the upper bound `WORKER_CONCURRENCY` itself accepts. */
export const MAX_DEFAULT_CONCURRENCY = 10_000;

export interface ProcessResources {
  /** V8's heap limit (bytes). */
  heapLimitBytes: number;
  /** Soft limit of open files; undefined where the platform does not tell. */
  openFilesLimit: number | undefined;
}

/** This process's heap limit and open-files limit (Linux: /proc/self/limits; elsewhere unknown). */
export function processResources(): ProcessResources {
  return { heapLimitBytes: getHeapStatistics().heap_size_limit, openFilesLimit: readOpenFilesLimit() };
}

function readOpenFilesLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    const value = Number(soft);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The smaller of what the heap and the file descriptors allow, kept within
 * [MIN_DEFAULT_CONCURRENCY, MAX_DEFAULT_CONCURRENCY].
 *
 * @example
 * defaultWorkerConcurrency({ heapLimitBytes: 4 * 2 ** 30, openFilesLimit: 20_000 }); // 4096
 */
export function defaultWorkerConcurrency(resources: ProcessResources = processResources()): number {
  const byHeap = Math.floor(resources.heapLimitBytes / HEAP_PER_RUN_BYTES);
  const bySockets =
    resources.openFilesLimit === undefined
      ? Number.POSITIVE_INFINITY
      : resources.openFilesLimit - RESERVED_FILE_DESCRIPTORS;
  const fits = Math.min(byHeap, bySockets);
  return Math.max(MIN_DEFAULT_CONCURRENCY, Math.min(MAX_DEFAULT_CONCURRENCY, fits));
}
