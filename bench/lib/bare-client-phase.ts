/**
 * The baseline of the engine bench: the TinyFish client alone executing runs in a closed
 * loop at the same concurrency against the same mock, with no database, queue or event bus.
 * What the engine could reach if storing, queueing and dispatching cost nothing.
 */
import { performance } from 'node:perf_hooks';
import type { TinyFishProvider } from '@tfbench/tinyfish';
import { runClosedLoop } from './closed-loop.js';
import { LoopDelayMonitor } from './loop-delay.js';
import { type ResourceFigures, startMeter } from './resource-meter.js';
import { type Distribution, distributionOf } from './run-timings.js';

/** What both the bare client and the engine's runs send: the live client needs url and goal. */
export const BENCH_RUN_INPUTS = { url: 'https://example.com', goal: 'Find the page title' } as const;

export interface BareClientPhase {
  runs: number;
  completed: number;
  /** Up to five distinct reasons of runs that did not complete. */
  failures: string[];
  /** First run's start to last run's end, ms. */
  wallMs: number;
  runsPerSecond: number;
  /** The client's own request-to-COMPLETE time (what the engine stores as total_duration_ms). */
  clientMs: Distribution;
  resources: ResourceFigures;
  /** Event-loop delay of this process during the phase, ms. */
  loopDelayMs: { p99: number; max: number };
  truncated: boolean;
}

/**
 * Runs `runs` executions at `concurrency` (all workers start at once, as the engine's closed
 * benchmark dispatches its first generation at once) and measures them.
 */
export async function runBareClientPhase(options: {
  provider: TinyFishProvider;
  runs: number;
  concurrency: number;
  /** performance.now() after which no run starts. */
  deadline: number;
  mockCpuMs: () => number | null;
}): Promise<BareClientPhase> {
  const { provider } = options;
  const failures = new Set<string>();
  const durations: number[] = [];
  let completed = 0;
  const loopDelay = new LoopDelayMonitor();
  const meter = startMeter(loopDelay, options.mockCpuMs);
  const started = performance.now();
  const loop = await runClosedLoop({
    concurrency: options.concurrency,
    items: Array.from({ length: options.runs }, (_, i) => i),
    deadline: options.deadline,
    now: () => performance.now(),
    task: async () => {
      const outcome = await provider.execute({ inputs: { ...BENCH_RUN_INPUTS }, settings: { mode: 'sse' } });
      if (outcome.status === 'completed') completed++;
      else if (failures.size < 5) failures.add(`${outcome.status}: ${outcome.error.code}`);
      durations.push(outcome.metrics.total_duration_ms);
    },
  });
  const wallMs = performance.now() - started;
  return {
    runs: loop.results.length,
    completed,
    failures: [...failures],
    wallMs,
    runsPerSecond: (1000 * completed) / wallMs,
    clientMs: distributionOf(durations),
    resources: meter.stop(),
    loopDelayMs: { p99: loopDelay.percentileMs(99), max: loopDelay.maxMs },
    truncated: loop.truncated,
  };
}
