/**
 * `npm run bench:client`: how exactly the TinyFish client times a streamed run, and what
 * that costs, against the mock server's ground truth and against a bare node:http SSE
 * reader measured in the same run. Results and method: docs/performance.md.
 *
 *   npm run bench:client -- --levels 1,100,1000 --runs-per-level 40,1000,3000
 *
 * Loopback only; stops by itself (no run starts after --max-seconds, and a watchdog ends
 * the process if something hangs).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createBareSseReader } from './lib/bare-sse-reader.js';
import { type BenchStart, exposeGc, runWatchedBench } from './lib/cli-options.js';
import { BENCH_MODEL, type BenchOptions, parseBenchArgs, USAGE } from './lib/client-args.js';
import { measureLevel } from './lib/client-level.js';
import { createClientReader } from './lib/client-reader.js';
import { formatClockDelta, formatHeader, formatLevel, formatTargets } from './lib/client-report.js';
import { checkTargets, type LevelSummary, summarizeLevel } from './lib/client-summary.js';
import { warmUp } from './lib/closed-loop.js';
import { LoopDelayMonitor } from './lib/loop-delay.js';
import type { Reader } from './lib/measured-run.js';
import { startMockServer } from './lib/mock-server.js';
import { startMeter } from './lib/resource-meter.js';
import { machineContext } from './lib/text-report.js';

/** Concurrency of the warm-up before the first level. */
const WARMUP_CONCURRENCY = 50;
/** Seeds: warm-up runs far above the levels' ranges, each level in its own range. */
const WARMUP_SEED_BASE = 4_000_000_000;
const LEVEL_SEED_STRIDE = 10_000_000;
/** Grace after the start budget before the watchdog gives up on the process. */
const WATCHDOG_GRACE_MS = 60_000;
/** How long the bench's own idle cost is measured. */
const IDLE_PROBE_MS = 1000;

async function main({ options, started, deadline }: BenchStart<BenchOptions>): Promise<void> {
  const model = { ...BENCH_MODEL, ...options.model };
  const mock = await startMockServer({ placement: options.placement, seed: options.seed, model });
  const baseline = createBareSseReader(mock.url);
  const client = createClientReader(mock.url);
  const collectGarbage = exposeGc();
  try {
    process.stdout.write(formatHeader(machineContext('npm run bench:client --', mock.placement, model)));

    // What the bench's own sampling costs with nothing running: part of every cpu/run figure,
    // and most of it at concurrency 1, where a run is 0.3 s of mostly idle time.
    const idle = startMeter(new LoopDelayMonitor(), () => mock.cpuMs());
    await new Promise((resolve) => setTimeout(resolve, IDLE_PROBE_MS));
    const idleFigures = idle.stop();
    process.stdout.write(
      `idle:     this process ${((1000 * idleFigures.cpuMs) / idleFigures.wallMs).toFixed(1)} ms CPU/s with only the bench's samplers running; mock ${idleFigures.mockCpuMs === null ? '-' : ((1000 * idleFigures.mockCpuMs) / idleFigures.wallMs).toFixed(1)} ms CPU/s\n\n`,
    );

    await warmUp(
      [baseline, client].map((reader: Reader) => (i: number) => reader.run(WARMUP_SEED_BASE + i)),
      { runs: options.warmupRuns, concurrency: WARMUP_CONCURRENCY, deadline },
    );
    await mock.reset();

    const summaries: LevelSummary[] = [];
    for (const [index, concurrency] of options.levels.entries()) {
      const measuredRuns = options.runsPerLevel[index]!;
      const level = await measureLevel({
        concurrency,
        measuredRuns,
        // Two interleaved phases per reader where a phase's ramp and drain are cheap next to it.
        phases: measuredRuns >= 4 * concurrency ? 2 : 1,
        readers: [baseline, client],
        mock,
        seedBase: (index + 1) * LEVEL_SEED_STRIDE,
        deadline,
        rampMs: options.rampMs,
        collectGarbage,
      });
      const summary = summarizeLevel(level, os.cpus().length);
      summaries.push(summary);
      process.stdout.write(`${formatLevel(summary)}\n`);
    }
    const checks = checkTargets(summaries);
    process.stdout.write(`${formatClockDelta(summaries)}\n`);
    process.stdout.write(`${formatTargets(checks, os.loadavg(), (performance.now() - started) / 1000)}\n`);
    if (options.jsonFile) {
      writeFileSync(
        options.jsonFile,
        `${JSON.stringify({ model, placement: mock.placement, summaries, checks }, null, 2)}\n`,
      );
    }
  } finally {
    await Promise.all([baseline.close(), client.close()]);
    await mock.close();
  }
}

runWatchedBench({ parse: parseBenchArgs, usage: USAGE, watchdogGraceMs: WATCHDOG_GRACE_MS }, main);
