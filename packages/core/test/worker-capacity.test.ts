/**
 * An unset WORKER_CONCURRENCY is sized to the process: runs wait on sockets, so the heap and
 * the open-files limit set the count, never fewer than a benchmark's largest concurrency and
 * never more than the variable itself accepts. An explicit value still wins.
 */
import { describe, expect, it } from 'vitest';
import { defaultWorkerConcurrency, loadConfig, processResources } from '../src/config/index.js';

const GiB = 2 ** 30;

describe('the default worker concurrency', () => {
  it('is the smaller of the heap (1 MiB a run) and the open files less 256', () => {
    expect(defaultWorkerConcurrency({ heapLimitBytes: 4 * GiB, openFilesLimit: 20_000 })).toBe(4_096);
    expect(defaultWorkerConcurrency({ heapLimitBytes: 4 * GiB, openFilesLimit: 3_256 })).toBe(3_000);
    // A platform that does not tell its open-files limit: the heap alone.
    expect(defaultWorkerConcurrency({ heapLimitBytes: 2 * GiB, openFilesLimit: undefined })).toBe(2_048);
  });

  it('stays within 1,000 and 10,000 however small or large the process', () => {
    expect(defaultWorkerConcurrency({ heapLimitBytes: 256 * 2 ** 20, openFilesLimit: 1_024 })).toBe(1_000);
    expect(defaultWorkerConcurrency({ heapLimitBytes: 64 * GiB, openFilesLimit: 1_048_576 })).toBe(10_000);
  });

  it('is what this process gets with nothing configured, and WORKER_CONCURRENCY overrides it', () => {
    const sized = loadConfig({}).engine.workerConcurrency;
    expect(sized).toBe(defaultWorkerConcurrency(processResources()));
    expect(sized).toBeGreaterThanOrEqual(1_000);
    expect(loadConfig({ WORKER_CONCURRENCY: '8' }).engine.workerConcurrency).toBe(8);
  });
});
