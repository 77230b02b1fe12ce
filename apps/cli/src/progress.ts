/**
 * Live progress of a benchmark on stderr (stdout carries only results): on a terminal one
 * line rewritten in place, otherwise a plain line whenever more runs are done, at most one
 * every few seconds so CI logs stay short.
 */
import type { Benchmark } from '@tfbench/contract';
import { ms } from './format.js';

const PLAIN_EVERY_MS = 2_000;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressReporter(stream: ProgressStream, now: () => number = Date.now) {
  let lastDone = -1;
  let lastPrinted = 0;
  let onLine = false;
  return {
    update(benchmark: Benchmark): void {
      const line = progressLine(benchmark);
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${line}`);
        onLine = true;
        return;
      }
      const done = benchmark.progress.done;
      const ended = benchmark.status !== 'pending' && benchmark.status !== 'running';
      if (done === lastDone && !ended) return;
      if (!ended && now() - lastPrinted < PLAIN_EVERY_MS && lastDone >= 0) return;
      if (ended && done === lastDone) return;
      lastDone = done;
      lastPrinted = now();
      stream.write(`${line}\n`);
    },
    /** End the rewritten line so what follows starts on its own. */
    finish(): void {
      if (onLine) stream.write('\n');
      onLine = false;
    },
  };
}

export function progressLine(benchmark: Benchmark): string {
  const { done, total } = benchmark.progress;
  const errors = benchmark.counts.failed + benchmark.counts.timeout;
  const latency = benchmark.summary?.total_duration_ms;
  const bar = progressBar(benchmark.progress.fraction);
  return `${bar} ${done}/${total} runs · p50 ${ms(latency?.p50 ?? null)} · p95 ${ms(latency?.p95 ?? null)} · errors ${errors} · ${benchmark.status}`;
}

function progressBar(fraction: number): string {
  const width = 20;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
