/**
 * One concurrency level: each reader runs the same seeded runs against the mock, in
 * interleaved phases (baseline, client, baseline, client, ...) so that a change in the
 * machine's other load during the level falls on both readers alike.
 *
 * Each phase keeps `concurrency` runs open from start to end: it runs one generation of
 * runs before the measured ones and one after them (the ramp, whose starts are spread over
 * `rampMs`, and the drain, when fewer runs are open), and compares only the measured runs
 * in between. CPU, event-loop delay and
 * memory cover the whole phase; CPU per run divides by every run of the phase.
 */
import { performance } from 'node:perf_hooks';
import { runClosedLoop } from './closed-loop.js';
import { type ComparisonSamples, compareWithTruth, mergeSamples } from './compare.js';
import { LoopDelayMonitor } from './loop-delay.js';
import type { MeasuredRun, Reader } from './measured-run.js';
import type { MockServer } from './mock-server.js';
import { type ResourceFigures, startMeter, sumFigures } from './resource-meter.js';

export interface ReaderLevelResult {
  reader: Reader['name'];
  /** Every run of the reader's phases (measured + ramp + drain). */
  runsExecuted: number;
  /** Upstream events those runs received. */
  eventsReceived: number;
  samples: ComparisonSamples;
  resources: ResourceFigures;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface LevelResult {
  concurrency: number;
  measuredRunsRequested: number;
  phases: number;
  rampMs: number;
  /** True when the time budget stopped a phase early. */
  truncated: boolean;
  results: ReaderLevelResult[];
}

export async function measureLevel(options: {
  concurrency: number;
  measuredRuns: number;
  /** Phases per reader; the measured runs are split among them. */
  phases: number;
  /** Readers in the order their phases alternate. */
  readers: readonly Reader[];
  mock: MockServer;
  /** Seeds of this level start above it, so levels never replay each other's runs. */
  seedBase: number;
  deadline: number;
  /** Spread of each phase's first generation of starts, ms (see closed-loop.ts). */
  rampMs: number;
  collectGarbage: () => void;
}): Promise<LevelResult> {
  const { concurrency, readers, mock } = options;
  const perReader = new Map<
    Reader['name'],
    { samples: ComparisonSamples[]; figures: ResourceFigures[]; runs: number; events: number }
  >();
  const loopDelays = new Map<Reader['name'], LoopDelayMonitor>();
  for (const reader of readers) {
    perReader.set(reader.name, { samples: [], figures: [], runs: 0, events: 0 });
    loopDelays.set(reader.name, new LoopDelayMonitor());
  }
  let truncated = false;
  let nextSeed = options.seedBase;
  for (let phase = 0; phase < options.phases; phase++) {
    const measured = share(options.measuredRuns, options.phases, phase);
    const pad = concurrency;
    // The same seeds for every reader: each sees exactly the same runs.
    const seeds = Array.from({ length: pad + measured + pad }, (_, i) => nextSeed + i);
    nextSeed += seeds.length;
    const measuredSeeds = new Set(seeds.slice(pad, pad + measured));
    for (const reader of readers) {
      await mock.reset();
      options.collectGarbage();
      const meter = startMeter(loopDelays.get(reader.name)!, () => mock.cpuMs());
      const outcome = await runClosedLoop<MeasuredRun>({
        concurrency,
        items: seeds,
        task: (seed) => reader.run(seed),
        deadline: options.deadline,
        now: () => performance.now(),
        rampMs: options.rampMs,
      });
      const figures = meter.stop();
      truncated ||= outcome.truncated;
      const truths = await mock.groundTruth();
      const kept = outcome.results.filter((r) => measuredSeeds.has(r.seed));
      const entry = perReader.get(reader.name)!;
      entry.samples.push(compareWithTruth(kept, truths));
      entry.figures.push(figures);
      entry.runs += outcome.results.length;
      for (const run of outcome.results) entry.events += run.arrivals.length;
    }
  }
  await mock.reset();
  return {
    concurrency,
    measuredRunsRequested: options.measuredRuns,
    phases: options.phases,
    rampMs: options.rampMs,
    truncated,
    results: readers.map((reader) => {
      const entry = perReader.get(reader.name)!;
      const loopDelay = loopDelays.get(reader.name)!;
      return {
        reader: reader.name,
        runsExecuted: entry.runs,
        eventsReceived: entry.events,
        samples: mergeSamples(entry.samples),
        resources: sumFigures(entry.figures),
        loopDelayP99Ms: loopDelay.percentileMs(99),
        loopDelayMaxMs: loopDelay.maxMs,
      };
    }),
  };
}

/** The `index`-th of `parts` near-equal shares of `total`. */
function share(total: number, parts: number, index: number): number {
  return Math.floor((total * (index + 1)) / parts) - Math.floor((total * index) / parts);
}
