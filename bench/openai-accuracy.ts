/**
 * `npm run bench:client:openai`: how exactly the OpenAI-compatible client times token
 * streams, and what that costs, against the mock OpenAI server's ground truth (the mock in
 * its own process, a flat 50 tokens/s per stream) and against a bare node:http SSE reader
 * measured in the same run. Results and method: docs/performance.md.
 *
 *   npm run bench:client:openai -- --levels 1,100,500
 *
 * Loopback only; stops by itself (no stream starts after --max-seconds, and a watchdog ends
 * the process if something hangs).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BenchStart, exposeGc, runWatchedBench } from './lib/cli-options.js';
import { runClosedLoop, warmUp } from './lib/closed-loop.js';
import { LoopDelayMonitor } from './lib/loop-delay.js';
import {
  mockBehaviour,
  OPENAI_USAGE,
  type OpenAIBenchOptions,
  parseOpenAIBenchArgs,
} from './lib/openai-args.js';
import { type OpenAIMockProcess, startOpenAIMockProcess } from './lib/openai-mock.js';
import {
  createBareOpenAIReader,
  createClientOpenAIReader,
  type StreamReader,
  type StreamReading,
} from './lib/openai-readers.js';
import { formatOpenAILevel, formatOpenAITargets } from './lib/openai-report.js';
import {
  checkOpenAITargets,
  compareStreams,
  levelSummary,
  mergeComparisons,
  type OpenAILevelSummary,
  type StreamComparison,
  summarizePhase,
} from './lib/openai-summary.js';
import { type ResourceFigures, startMeter, sumFigures } from './lib/resource-meter.js';
import { machineContext, machineHeaderLines } from './lib/text-report.js';

const WARMUP_CONCURRENCY = 20;
const WATCHDOG_GRACE_MS = 120_000;

async function main({ options, started, deadline }: BenchStart<OpenAIBenchOptions>): Promise<void> {
  const behaviour = mockBehaviour(options);
  const mock = await startOpenAIMockProcess({ seed: options.seed, behaviour });
  const readers: StreamReader[] = [
    createBareOpenAIReader(mock.baseURL, options.tokens),
    createClientOpenAIReader(mock.baseURL, options.tokens),
  ];
  const collectGarbage = exposeGc();
  try {
    const placement = `mock-openai in its own process (pid ${mock.pid})`;
    const machine = machineContext('npm run bench:client:openai --', placement, behaviour);
    process.stdout.write(
      `${['OpenAI-compatible client measurement accuracy', ...machineHeaderLines(machine), ''].join('\n')}\n`,
    );
    await warmUp(
      readers.map((reader) => () => reader.read()),
      { runs: options.warmupStreams, concurrency: WARMUP_CONCURRENCY, deadline },
    );

    const levels: OpenAILevelSummary[] = [];
    for (const [index, concurrency] of options.levels.entries()) {
      const level = await measureLevel({
        readers,
        concurrency,
        streams: options.streamsPerLevel[index]!,
        mock,
        options,
        deadline,
        collectGarbage,
      });
      levels.push(level);
      process.stdout.write(`${formatOpenAILevel(level)}\n`);
    }
    const checks = checkOpenAITargets(levels);
    process.stdout.write(formatOpenAITargets(checks, os.loadavg(), (performance.now() - started) / 1000));
    if (options.jsonFile) {
      writeFileSync(options.jsonFile, `${JSON.stringify({ behaviour, levels, checks }, null, 2)}\n`);
    }
  } finally {
    await Promise.all(readers.map((r) => r.close()));
    await mock.close();
  }
}

/**
 * One level: each reader's streams kept `concurrency` open. Where there are at least two
 * generations of streams, two phases per reader, interleaved (bare, client, bare, client), so
 * that a change in the machine's other load during the level falls on both readers alike.
 */
async function measureLevel(args: {
  readers: readonly StreamReader[];
  concurrency: number;
  streams: number;
  mock: OpenAIMockProcess;
  options: OpenAIBenchOptions;
  deadline: number;
  collectGarbage: () => void;
}): Promise<OpenAILevelSummary> {
  const { concurrency, mock } = args;
  const phases = args.streams >= 2 * concurrency ? 2 : 1;
  const perReader = args.readers.map(() => ({
    comparisons: [] as StreamComparison[],
    figures: [] as ResourceFigures[],
    growth: { rss: 0, heap: 0 },
    streams: 0,
    loopDelay: new LoopDelayMonitor(),
  }));
  let truncated = false;
  for (let phase = 0; phase < phases; phase++) {
    const streams =
      Math.floor((args.streams * (phase + 1)) / phases) - Math.floor((args.streams * phase) / phases);
    for (const [i, reader] of args.readers.entries()) {
      const acc = perReader[i]!;
      await mock.reset();
      args.collectGarbage();
      const before = process.memoryUsage();
      const meter = startMeter(acc.loopDelay, () => mock.cpuMs());
      const outcome = await runClosedLoop<StreamReading>({
        concurrency,
        items: Array.from({ length: streams }, (_, n) => n),
        task: () => reader.read(),
        deadline: args.deadline,
        now: () => performance.now(),
        rampMs: concurrency > 1 ? args.options.rampMs : 0,
      });
      const figures = meter.stop();
      truncated ||= outcome.truncated;
      acc.comparisons.push(compareStreams(outcome.results, await mock.groundTruth()));
      acc.figures.push(figures);
      acc.growth.rss = Math.max(acc.growth.rss, figures.rssPeak - before.rss);
      acc.growth.heap = Math.max(acc.growth.heap, figures.heapPeak - before.heapUsed);
      acc.streams += outcome.results.length;
    }
  }
  const [bare, client] = args.readers.map((reader, i) => {
    const acc = perReader[i]!;
    return summarizePhase({
      reader: reader.name,
      concurrency,
      streams: acc.streams,
      comparison: mergeComparisons(acc.comparisons),
      resources: sumFigures(acc.figures),
      memoryGrowth: acc.growth,
      loopDelay: { p99: acc.loopDelay.percentileMs(99), max: acc.loopDelay.maxMs },
    });
  });
  return levelSummary(concurrency, bare!, client!, { truncated, loadAverage: os.loadavg() });
}

runWatchedBench(
  { parse: parseOpenAIBenchArgs, usage: OPENAI_USAGE, watchdogGraceMs: WATCHDOG_GRACE_MS },
  main,
);
