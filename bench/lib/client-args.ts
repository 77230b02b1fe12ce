/** Command-line flags of bench/client-accuracy.ts, parsed into plain options. */
import { flagText, int, intList, jsonObject, perLevel, readFlags } from './flags.js';

/** Where the mock server runs. */
export type MockPlacement = 'process' | 'in-process';

export interface BenchOptions {
  /** Concurrency levels, in the order they run. */
  levels: number[];
  /** Measured runs per level and per reader, one entry per level. */
  runsPerLevel: number[];
  /** Runs per reader, at concurrency 50, before the first level (JIT, first connections). */
  warmupRuns: number;
  /** No run starts after this many seconds; everything still in flight ends on its own. */
  maxSeconds: number;
  /** A phase's first generation of runs starts spread over this many ms (0: all at once). */
  rampMs: number;
  placement: MockPlacement;
  /** Seed of the mock server; each run also carries its own seed (see README of bench). */
  seed: number;
  /** Behaviour model overrides, merged over {@link BENCH_MODEL} (the mock's `mock` schema). */
  model: Record<string, unknown>;
  /** Write the results as JSON to this file as well. */
  jsonFile: string | null;
  help: boolean;
}

/**
 * A run of a few steps at tens-of-ms delays with heartbeats in between: about 0.3 s and
 * 15 events, short enough that 1,000 concurrent runs cycle several times within the time
 * budget, dense enough (~50 events/s per run) that per-event costs show.
 */
export const BENCH_MODEL: Record<string, unknown> = {
  started_delay_ms: { dist: 'uniform', min: 5, max: 20 },
  streaming_url: true,
  streaming_url_delay_ms: { dist: 'uniform', min: 5, max: 15 },
  steps: 5,
  step_delay_ms: { dist: 'uniform', min: 20, max: 80 },
  complete_delay_ms: null,
  heartbeat_interval_ms: 40,
  outcome: 'COMPLETED',
  fault: 'none',
  goal_failure_probability: 0,
};

const DEFAULT_LEVELS = [1, 100, 1000];
/** Per level: enough runs for stable percentiles while the whole bench stays under 3 minutes. */
const DEFAULT_RUNS: Record<number, number> = { 1: 40, 100: 1000, 1000: 3000 };

export const USAGE = `Usage: npm run bench:client -- [options]
       npx tsx bench/client-accuracy.ts [options]

Measures the TinyFish client against the mock server's ground truth on loopback, next to a
bare node:http SSE reader measured in the same run (docs/performance.md).

Options:
  --levels <list>          concurrency levels, default 1,100,1000
  --runs-per-level <list>  measured runs per level and reader: one number for every level or
                           one per level; default 40 at 1, 1000 at 100, 3000 at 1000,
                           otherwise 3 x the level (at least 40)
  --warmup-runs <n>        runs per reader before the first level, default 200
  --max-seconds <s>        start no run after this many seconds, default 150
  --ramp-ms <ms>           spread the first starts of each phase over this long, default 400
                           (about one run of the default model); 0 starts all at once
  --mock <where>           process (default: the mock in its own node process, so its timers
                           do not share our event loop) or in-process
  --seed <n>               seed of the mock server, default 1
  --model <json>           behaviour model overrides (the mock's "mock" object schema)
  --json <file>            also write the results as JSON to <file>
  --help                   print this text
`;

/** Parses argv (without node and script). Throws with a readable message on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const flags = readFlags(argv, [
    'levels',
    'runs-per-level',
    'warmup-runs',
    'max-seconds',
    'ramp-ms',
    'mock',
    'seed',
    'model',
    'json',
  ]);
  const text = (name: string): string | undefined => flagText(flags, name);

  const levels = intList(text('levels'), 'levels', 1, 10_000) ?? DEFAULT_LEVELS;
  const runsPerLevel = perLevel(
    flags,
    'runs-per-level',
    levels,
    (c) => DEFAULT_RUNS[c] ?? Math.max(40, 3 * c),
  );

  const placement = text('mock') ?? 'process';
  if (placement !== 'process' && placement !== 'in-process')
    throw new Error('--mock must be process or in-process');

  const model = jsonObject(text('model'), 'model') ?? {};

  return {
    levels,
    runsPerLevel,
    warmupRuns: int(text('warmup-runs'), 'warmup-runs', 0, 100_000) ?? 200,
    maxSeconds: int(text('max-seconds'), 'max-seconds', 1, 3600) ?? 150,
    rampMs: int(text('ramp-ms'), 'ramp-ms', 0, 600_000) ?? 400,
    placement,
    seed: int(text('seed'), 'seed', 0, 4_294_967_295) ?? 1,
    model,
    jsonFile: text('json') ?? null,
    help: flags.has('help'),
  };
}
