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
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readBenchOptions } from './lib/cli-options.js';
import { runClosedLoop } from './lib/closed-loop.js';
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
  type OpenAILevelSummary,
  type ReaderPhaseSummary,
  summarizePhase,
} from './lib/openai-summary.js';
import { startMeter } from './lib/resource-meter.js';
import { machineHeaderLines } from './lib/text-report.js';

const WARMUP_CONCURRENCY = 20;
const WATCHDOG_GRACE_MS = 120_000;

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), parseOpenAIBenchArgs, OPENAI_USAGE);
  if (!options) return;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const watchdog = setTimeout(
    () => {
      process.stderr.write('bench: still running long after its time budget; giving up\n');
      process.exit(2);
    },
    options.maxSeconds * 1000 + WATCHDOG_GRACE_MS,
  );
  watchdog.unref();

  const behaviour = mockBehaviour(options);
  const mock = await startOpenAIMockProcess({ seed: options.seed, behaviour });
  const readers: StreamReader[] = [
    createBareOpenAIReader(mock.baseURL, options.tokens),
    createClientOpenAIReader(mock.baseURL, options.tokens),
  ];
  const collectGarbage = exposeGc();
  try {
    const cpus = os.cpus();
    process.stdout.write(
      `${[
        'OpenAI-compatible client measurement accuracy',
        ...machineHeaderLines({
          command: `npm run bench:client:openai -- ${process.argv.slice(2).join(' ')}`.trim(),
          date: new Date().toISOString(),
          node: process.version,
          cpus: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'})`,
          loadBefore: os.loadavg(),
          mockPlacement: `mock-openai in its own process (pid ${mock.pid})`,
          model: behaviour,
        }),
        '',
      ].join('\n')}\n`,
    );
    // Warm-up: JIT both readers' code paths and open the first connections, unmeasured.
    for (const reader of readers) {
      await runClosedLoop({
        concurrency: WARMUP_CONCURRENCY,
        items: Array.from({ length: options.warmupStreams }, (_, i) => i),
        task: () => reader.read(),
        deadline,
        now: () => performance.now(),
      });
    }

    const levels: OpenAILevelSummary[] = [];
    for (const [index, concurrency] of options.levels.entries()) {
      const streams = options.streamsPerLevel[index]!;
      let truncated = false;
      const phases: ReaderPhaseSummary[] = [];
      for (const reader of readers) {
        const phase = await measurePhase({
          reader,
          concurrency,
          streams,
          mock,
          options,
          deadline,
          collectGarbage,
        });
        truncated ||= phase.truncated;
        phases.push(phase.summary);
      }
      const level = levelSummary(concurrency, phases[0]!, phases[1]!, {
        truncated,
        loadAverage: os.loadavg(),
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
    clearTimeout(watchdog);
  }
}

/** One reader at one level: `streams` streams kept `concurrency` open, against a fresh mock. */
async function measurePhase(args: {
  reader: StreamReader;
  concurrency: number;
  streams: number;
  mock: OpenAIMockProcess;
  options: OpenAIBenchOptions;
  deadline: number;
  collectGarbage: () => void;
}): Promise<{ summary: ReaderPhaseSummary; truncated: boolean }> {
  const { reader, concurrency, mock } = args;
  await mock.reset();
  args.collectGarbage();
  const memoryBefore = process.memoryUsage();
  const loopDelay = new LoopDelayMonitor();
  const meter = startMeter(loopDelay, () => mock.cpuMs());
  const outcome = await runClosedLoop<StreamReading>({
    concurrency,
    items: Array.from({ length: args.streams }, (_, i) => i),
    task: () => reader.read(),
    deadline: args.deadline,
    now: () => performance.now(),
    rampMs: concurrency > 1 ? args.options.rampMs : 0,
  });
  const resources = meter.stop();
  const comparison = compareStreams(outcome.results, await mock.groundTruth());
  return {
    truncated: outcome.truncated,
    summary: summarizePhase({
      reader: reader.name,
      concurrency,
      streams: outcome.results.length,
      comparison,
      resources,
      memoryBefore,
      loopDelay: { p99: loopDelay.percentileMs(99), max: loopDelay.maxMs },
    }),
  };
}

/** A full GC before each phase, so one reader's garbage does not land in the other's figures. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
