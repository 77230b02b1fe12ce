/**
 * `npm run bench:cli`: how long a standalone `tfbench run` takes from process start to its
 * first upstream request, the moment a benchmark begins to measure anything. The upstream is
 * a mock TinyFish in this process (loopback, an API key, so the CLI's run goes to it as to the
 * real API rather than to its built-in mock); the mock's request log records each request's
 * arrival, and the start is the instant just before the process is spawned.
 *
 * Measured in turns, `--repetitions` times each (the machine's load drifts between turns):
 *
 * - `node -e ''`: a bare Node.js process, start to exit (the floor of any command);
 * - `node fetch`: a bare Node.js script doing one fetch to the mock, start to arrival
 *   (the baseline: what any Node.js client pays before its first request);
 * - `tfbench --help`: start to exit (the CLI's own load);
 * - `tfbench run`: a one-run standalone benchmark as installed (the prebuilt CLI), start to the
 *   first upstream request (the figure against the target of 2 s), the CPU time the process
 *   had used by then (read from /proc: less sensitive to the machine's load than the wall
 *   time), and start to exit; with TFBENCH_STARTUP_TRACE set, so it also reports its steps;
 * - `tfbench run` from the TypeScript sources (TFBENCH_CLI_PREBUILT=off: tsx), to the first
 *   request, for comparison.
 *
 * Printed: median and p95 per variant, `tfbench run` as a ratio to `node fetch`, the split of
 * the prebuilt run into its steps (median wall from the spawn and CPU, cumulative and per
 * step), the load average before and after. Flags: --repetitions (5), --json FILE.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentileOfSorted } from '@tfbench/domain/statistics';
import { startMockTinyFish } from '@tfbench/mock-tinyfish';
import { readBenchOptions } from './lib/cli-options.js';
import { flagText, int, readFlags } from './lib/flags.js';
import { type StartupStepMark, timedSpawn } from './lib/timed-spawn.js';

const USAGE = `npm run bench:cli -- [--repetitions 5] [--json FILE]
`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TFBENCH = path.join(ROOT, 'node_modules/.bin/tfbench');
const API_KEY = 'bench-cli-startup-key';

const BENCH_FILE = `automations:
  - {key: shop, name: Shop search, provider: tinyfish, default_inputs: {url: "https://example.com/"}}
scenarios:
  - {key: one, name: One run, automation: shop, inputs_template: {goal: "Read the title"}}
benchmark: {scenario: one, iterations: 1, concurrency: 1}
`;

interface Options {
  help: boolean;
  repetitions: number;
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const flags = readFlags(argv, ['repetitions', 'json']);
  return {
    help: flags.has('help'),
    repetitions: int(flagText(flags, 'repetitions'), 'repetitions', 1, 50) ?? 5,
    json: flagText(flags, 'json'),
  };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95), n: values.length };
}

const RUN = 'tfbench run (first request)';
const RUN_CPU = 'tfbench run (CPU to first request)';
const SOURCES = 'tfbench run, sources (first request)';
const SOURCES_CPU = 'tfbench run, sources (CPU to first request)';

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), parseArgs, USAGE);
  if (!options) return;
  const mock = await startMockTinyFish({
    apiKey: API_KEY,
    seed: 1,
    model: {
      started_delay_ms: 5,
      streaming_url_delay_ms: 5,
      steps: 1,
      step_delay_ms: 10,
      outcome: 'COMPLETED',
    },
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'tfbench-bench-cli-'));
  await writeFile(path.join(dir, 'bench.yaml'), BENCH_FILE);
  const env: NodeJS.ProcessEnv = { ...process.env, TINYFISH_API_KEY: API_KEY, TINYFISH_BASE_URL: mock.url };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'NO_COLOR',
    'GITHUB_STEP_SUMMARY',
    'TFBENCH_CLI_PREBUILT',
  ]) {
    delete env[name];
  }
  const traced = { ...env, TFBENCH_STARTUP_TRACE: '1' };
  const fromSources = { ...env, TFBENCH_CLI_PREBUILT: 'off' };
  /** Arrival instant of the first request after `seen` requests, waiting for it. */
  const firstArrivalAfter = async (seen: number, deadline: number): Promise<number> => {
    for (;;) {
      const entry = mock.requests()[seen];
      if (entry) return entry.received_epoch_ms;
      if (Date.now() > deadline) throw new Error('no upstream request arrived');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  /** A standalone run: start to its first request and the CPU used by then; its steps. */
  const standaloneRun = async (runEnv: NodeJS.ProcessEnv) => {
    const seen = mock.requests().length;
    const run = timedSpawn(TFBENCH, ['run', 'bench.yaml'], dir, runEnv);
    const firstRequestMs = (await firstArrivalAfter(seen, Date.now() + 120_000)) - run.startedAt;
    const cpuMs = run.cpuMs() ?? Number.NaN;
    const steps = [...run.steps(), { step: 'first request', sinceSpawnMs: firstRequestMs, cpuMs }];
    const exit = await run.exited;
    if (exit.code !== 0) throw new Error(`tfbench run exited ${exit.code}: ${exit.stderr}`);
    return { firstRequestMs, cpuMs, exitMs: exit.exitedAt - run.startedAt, steps };
  };
  const samples: Record<string, number[]> = {
    "node -e '' (exit)": [],
    'node fetch (first request)': [],
    'tfbench --help (exit)': [],
    [RUN]: [],
    [RUN_CPU]: [],
    'tfbench run (exit)': [],
    [SOURCES]: [],
    [SOURCES_CPU]: [],
  };
  const rounds: StartupStepMark[][] = [];
  // Unmeasured: compiles the prebuilt CLI when the sources changed since it was built.
  const warm = await timedSpawn(TFBENCH, ['--version'], dir, env).exited;
  if (warm.code !== 0) throw new Error(`tfbench --version exited ${warm.code}: ${warm.stderr}`);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (let round = 0; round < options.repetitions; round++) {
      const bare = timedSpawn(process.execPath, ['-e', ''], dir, env);
      samples["node -e '' (exit)"]?.push((await bare.exited).exitedAt - bare.startedAt);

      const seen = mock.requests().length;
      const fetcher = timedSpawn(
        process.execPath,
        ['-e', `fetch(${JSON.stringify(`${mock.url}/v1/ping`)}).then((r) => r.text())`],
        dir,
        env,
      );
      samples['node fetch (first request)']?.push(
        (await firstArrivalAfter(seen, Date.now() + 30_000)) - fetcher.startedAt,
      );
      await fetcher.exited;

      const help = timedSpawn(TFBENCH, ['--help'], dir, env);
      const helpExit = await help.exited;
      if (helpExit.code !== 0) throw new Error(`tfbench --help exited ${helpExit.code}: ${helpExit.stderr}`);
      samples['tfbench --help (exit)']?.push(helpExit.exitedAt - help.startedAt);

      const run = await standaloneRun(traced);
      samples[RUN]?.push(run.firstRequestMs);
      samples[RUN_CPU]?.push(run.cpuMs);
      samples['tfbench run (exit)']?.push(run.exitMs);
      rounds.push(run.steps);

      const sources = await standaloneRun(fromSources);
      samples[SOURCES]?.push(sources.firstRequestMs);
      samples[SOURCES_CPU]?.push(sources.cpuMs);
      process.stderr.write(`round ${round + 1}/${options.repetitions} done\n`);
    }
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? 0;
  const results = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, summary(values)]),
  );
  const baseline = results['node fetch (first request)']?.median ?? Number.NaN;
  const target = results[RUN]?.median ?? Number.NaN;
  const split = stepSplit(rounds);
  const ms = (value: number | null | undefined) => `${Math.round(value ?? Number.NaN)} ms`;
  const lines = [
    `tfbench CLI start-up, ${options.repetitions} repetitions, Node.js ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
    '',
    `${'variant'.padEnd(44)}${'median'.padStart(10)}${'p95'.padStart(10)}`,
    ...Object.entries(results).map(
      ([name, s]) => `${name.padEnd(44)}${ms(s.median).padStart(10)}${ms(s.p95).padStart(10)}`,
    ),
    '',
    `tfbench run to its first request: ${(target / baseline).toFixed(1)}x a bare node fetch; target <= 2000 ms: ${target <= 2000 ? 'met' : 'missed'}`,
    '',
    'tfbench run, step by step (medians over the rounds; "at" counts from the spawn):',
    `${'step'.padEnd(24)}${'at'.padStart(10)}${'CPU by then'.padStart(14)}${'step wall'.padStart(12)}${'step CPU'.padStart(12)}`,
    ...split.map(
      (row) =>
        `${row.step.padEnd(24)}${ms(row.at).padStart(10)}${ms(row.cpu).padStart(14)}${ms(row.stepWall).padStart(12)}${ms(row.stepCpu).padStart(12)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) {
    await writeFile(
      options.json,
      `${JSON.stringify({ loadBefore, loadAfter, results, samples, split, rounds }, null, 2)}\n`,
    );
  }
}

/**
 * Each step's medians over the rounds: when it came and the CPU used by then, and what it
 * took since the step before (the first step: since the spawn), taken per round.
 */
function stepSplit(rounds: StartupStepMark[][]) {
  const names = rounds[0]?.map((mark) => mark.step) ?? [];
  const median = (values: number[]) => summary(values).median ?? Number.NaN;
  return names.map((step, index) => {
    const marks = rounds.map((round) => ({ mark: round[index], previous: round[index - 1] }));
    return {
      step,
      at: median(marks.map(({ mark }) => mark?.sinceSpawnMs ?? Number.NaN)),
      cpu: median(marks.map(({ mark }) => mark?.cpuMs ?? Number.NaN)),
      stepWall: median(
        marks.map(({ mark, previous }) => (mark?.sinceSpawnMs ?? 0) - (previous?.sinceSpawnMs ?? 0)),
      ),
      stepCpu: median(marks.map(({ mark, previous }) => (mark?.cpuMs ?? 0) - (previous?.cpuMs ?? 0))),
    };
  });
}

await main();
