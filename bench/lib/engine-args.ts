/** Command-line flags of bench/engine-throughput.ts, parsed into plain options. */
import { decimal, flagText, int, jsonObject, readFlags, url } from './flags.js';
import { OPEN_DEFAULTS, type OpenSettings } from './open-arrival.js';

export type VariantName = 'embedded' | 'pg';

export interface EngineBenchOptions {
  /** Measured runs per phase (engine variants and each bare-client phase). */
  runs: number;
  /** Runs in flight at once: the benchmark's concurrency and the bare client's. */
  concurrency: number;
  /** Runs before the measured ones, left out of every figure (JIT, connection pools). */
  warmupRuns: number;
  variants: VariantName[];
  /** Worker processes of the PostgreSQL + Redis variant. */
  workers: number;
  /** No phase starts runs after this many seconds; a watchdog ends a hung bench later. */
  maxSeconds: number;
  postgresAdminUrl: string;
  redisUrl: string;
  seed: number;
  /** Behaviour model overrides, merged over {@link ZERO_DELAY_MODEL}. */
  model: Record<string, unknown>;
  cpuProfileDir: string | null;
  /**
   * The open-arrival phase run after each variant's closed loop, on the same runtime
   * (bench/lib/open-arrival.ts); null with --no-open.
   */
  open: OpenSettings | null;
  jsonFile: string | null;
  /**
   * Runs of the product-defaults phase (bench/lib/product-defaults.ts), run instead of the
   * variants; null without --product-defaults.
   */
  productDefaultsRuns: number | null;
  help: boolean;
}

/**
 * Every run completes at once: STARTED, STREAMING_URL, three PROGRESS and COMPLETE written
 * back to back with no delay and no heartbeats. A run then costs only what the client and
 * the engine do with it, which is what a throughput bench wants to show.
 */
export const ZERO_DELAY_MODEL: Record<string, unknown> = {
  started_delay_ms: 0,
  streaming_url: true,
  streaming_url_delay_ms: 0,
  steps: 3,
  step_delay_ms: 0,
  complete_delay_ms: 0,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
  fault: 'none',
  goal_failure_probability: 0,
};

const ALL_VARIANTS: readonly VariantName[] = ['embedded', 'pg'];

export const USAGE = `Usage: npm run bench:engine -- [options]
       npx tsx bench/engine-throughput.ts [options]

Measures how many runs per second the run engine completes against a zero-delay mock
TinyFish (its own process, loopback), and how long a dispatched run waits for a worker, on
the embedded default and on PostgreSQL + Redis, next to the bare TinyFish client executing
the same runs at the same concurrency, measured in the same run (docs/performance.md).

Options:
  --runs <n>            measured runs per phase, default 10000
  --concurrency <n>     runs in flight (benchmark concurrency, closed arrival), default 200
  --warmup-runs <n>     runs before the measured ones in every phase, default 400
  --variants <list>     embedded, pg or both (default embedded,pg)
  --workers <n>         worker processes of the pg variant, default 1
  --max-seconds <s>     start no run after this many seconds, default 1800
  --pg-url <url>        PostgreSQL maintenance database; a fresh database is created next to it
                        and dropped after, default postgres://postgres@127.0.0.1:5432/postgres
  --redis-url <url>     Redis; keys go under a unique prefix and are deleted after,
                        default redis://127.0.0.1:6379
  --seed <n>            seed of the mock server, default 1
  --model <json>        behaviour model overrides (the mock's "mock" object schema)
  --cpu-prof-dir <dir>  run the pg variant's workers under --cpu-prof, profiles into <dir>
  --open-fraction <f>   after each variant's closed loop, on the same runtime and database, a
                        benchmark with constant arrivals at f x the runs/s the closed loop just
                        measured (dispatch latency below saturation), default 0.5
  --open-rate <r>       constant arrivals at r runs/s instead of a fraction of the capacity
  --open-runs <n>       runs of that phase, default 60 s worth at its rate, at most 3000
  --open-concurrency <n>  its concurrency cap, high enough not to limit the rate, default 1000
  --no-open             skip the open-arrival phase
  --product-defaults    only the product-defaults phase: the runtime as \`npm run start:api\` opens it
                        (embedded, mock mode, WORKER_CONCURRENCY unset), constant 60 runs/s at
                        concurrency 200, runs of ~130 ms; prints drops and schedule lag
  --defaults-runs <n>   runs of that phase, default 600
  --json <file>         also write the results as JSON to <file>
  --help                print this text
`;

/** Parses argv (without node and script). Throws with a readable message on bad input. */
export function parseEngineBenchArgs(argv: readonly string[]): EngineBenchOptions {
  const flags = readFlags(
    argv,
    [
      'runs',
      'concurrency',
      'warmup-runs',
      'variants',
      'workers',
      'max-seconds',
      'pg-url',
      'redis-url',
      'seed',
      'model',
      'cpu-prof-dir',
      'open-fraction',
      'open-rate',
      'open-runs',
      'open-concurrency',
      'defaults-runs',
      'json',
    ],
    ['no-open', 'product-defaults'],
  );
  const text = (name: string): string | undefined => flagText(flags, name);
  const variants = (text('variants') ?? ALL_VARIANTS.join(','))
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const v of variants) {
    if (!ALL_VARIANTS.includes(v as VariantName))
      throw new Error(`--variants takes ${ALL_VARIANTS.join(', ')} (comma-separated); got ${v}`);
  }
  if (variants.length === 0) throw new Error('--variants needs at least one variant');
  const urlFlag = (name: string, fallback: string, scheme: RegExp): string =>
    url(text(name), name, fallback, scheme);
  return {
    runs: int(text('runs'), 'runs', 1, 100_000) ?? 10_000,
    // The benchmark API's own bounds.
    concurrency: int(text('concurrency'), 'concurrency', 1, 1_000) ?? 200,
    warmupRuns: int(text('warmup-runs'), 'warmup-runs', 0, 10_000) ?? 400,
    variants: [...new Set(variants)] as VariantName[],
    workers: int(text('workers'), 'workers', 1, 8) ?? 1,
    maxSeconds: int(text('max-seconds'), 'max-seconds', 1, 7_200) ?? 1_800,
    postgresAdminUrl: urlFlag('pg-url', 'postgres://postgres@127.0.0.1:5432/postgres', /^postgres(ql)?:\/\//),
    redisUrl: urlFlag('redis-url', 'redis://127.0.0.1:6379', /^rediss?:\/\//),
    seed: int(text('seed'), 'seed', 0, 4_294_967_295) ?? 1,
    model: jsonObject(text('model'), 'model') ?? {},
    cpuProfileDir: text('cpu-prof-dir') ?? null,
    open: parseOpenSettings(flags.has('no-open'), text),
    jsonFile: text('json') ?? null,
    productDefaultsRuns: flags.has('product-defaults')
      ? (int(text('defaults-runs'), 'defaults-runs', 1, 100_000) ?? 600)
      : null,
    help: flags.has('help'),
  };
}

function parseOpenSettings(skip: boolean, text: (name: string) => string | undefined): OpenSettings | null {
  const given = ['open-fraction', 'open-rate', 'open-runs', 'open-concurrency'].filter(
    (name) => text(name) !== undefined,
  );
  if (skip) {
    if (given.length > 0) throw new Error(`--no-open cannot be combined with --${given.join(', --')}`);
    return null;
  }
  const fraction = decimal(text('open-fraction'), 'open-fraction', 0.01, 1);
  const ratePerS = decimal(text('open-rate'), 'open-rate', 0.1, OPEN_DEFAULTS.maxRatePerS);
  if (fraction !== undefined && ratePerS !== undefined)
    throw new Error('give --open-fraction or --open-rate, not both');
  return {
    fraction: fraction ?? OPEN_DEFAULTS.fraction,
    ratePerS: ratePerS ?? null,
    runs: int(text('open-runs'), 'open-runs', 1, 100_000) ?? null,
    // The benchmark API's own bound.
    concurrency: int(text('open-concurrency'), 'open-concurrency', 1, 1_000) ?? OPEN_DEFAULTS.concurrency,
  };
}
