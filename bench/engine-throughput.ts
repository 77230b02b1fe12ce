/**
 * `npm run bench:engine`: how many runs per second the run engine completes, and how long a
 * dispatched run waits for a worker, against a zero-delay mock TinyFish in its own process,
 * on the embedded default (PGlite, in-process queue) and on PostgreSQL + Redis (spawned
 * worker processes), next to the bare TinyFish client executing the same runs at the same
 * concurrency in the same run. Results and method: docs/performance.md.
 *
 * Each variant runs a closed loop (its capacity; dispatch latency there is the queue length
 * of a saturated engine), then, on the same runtime, constant arrivals at a fraction of that
 * capacity (dispatch latency below saturation, schedule lag, drops; --no-open skips it).
 * --product-defaults runs only the runtime as a new user gets it (nothing configured) under
 * the load a new user runs first (bench/lib/product-defaults.ts).
 *
 *   npm run bench:engine -- --runs 10000 --concurrency 200 --variants embedded,pg
 *
 * Loopback only; stops by itself (no run starts after --max-seconds, and a watchdog cleans up
 * and ends the process if something hangs). Databases, Redis keys, folders and processes it
 * creates are removed on every way out, Ctrl-C included.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ResourceScope } from '@tfbench/runtime';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import { pino } from 'pino';
import { type BareClientPhase, runBareClientPhase } from './lib/bare-client-phase.js';
import { databaseExists, pingRedis } from './lib/bench-services.js';
import { runBenchMain, startBench } from './lib/cli-options.js';
import { runEmbeddedVariant } from './lib/embedded-variant.js';
import { type EngineBenchOptions, parseEngineBenchArgs, USAGE, ZERO_DELAY_MODEL } from './lib/engine-args.js';
import type { EnginePhase, EnginePhaseOptions, EngineVariant, VariantResult } from './lib/engine-phase.js';
import {
  formatBareRow,
  formatComparisons,
  formatEngineHeader,
  formatEngineNotes,
  formatEngineRow,
  formatEngineTargets,
  formatOpenTable,
  formatTableHeader,
  openLabel,
} from './lib/engine-report.js';
import { type BenchPhase, checkTargets, compareWithBaselines } from './lib/engine-summary.js';
import { startMockServer } from './lib/mock-server.js';
import { runPostgresVariant } from './lib/postgres-variant.js';
import { checkPrecisionTargets } from './lib/precision-targets.js';
import { formatProductDefaults, runProductDefaultsPhase } from './lib/product-defaults.js';
import { upstreamSettings } from './lib/upstream.js';

/** The bare client's unmeasured warm-up lasts at least this long (it repeats --warmup-runs). */
const BARE_WARMUP_MIN_MS = 1_000;
/** After the start budget: time for the last phase to drain and everything to close. */
const WATCHDOG_GRACE_MS = 120_000;
/** The most a cleanup may take when the bench is interrupted or gives up. */
const CLEANUP_BUDGET_MS = 30_000;

async function main(): Promise<void> {
  const start = startBench(process.argv.slice(2), parseEngineBenchArgs, USAGE);
  if (!start) return;
  const { options, started, deadline } = start;
  // Warnings and errors of the engine and the runtime; the results go to stdout.
  const logger = pino({ name: 'bench-engine', level: 'warn' }, pino.destination(2));
  const scope = new ResourceScope(logger);
  const stopWatching = cleanUpOnInterrupt(scope, options.maxSeconds * 1000 + WATCHDOG_GRACE_MS);
  try {
    if (options.productDefaultsRuns !== null) {
      const result = await runProductDefaultsPhase({
        runs: options.productDefaultsRuns,
        deadline,
        logger,
        parentScope: scope,
      });
      process.stdout.write(
        `npm run bench:engine -- ${process.argv.slice(2).join(' ')}\n${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load before ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n${formatProductDefaults(result)}\n`,
      );
      if (options.jsonFile)
        writeFileSync(options.jsonFile, `${JSON.stringify({ options, result }, null, 2)}\n`);
      return;
    }
    if (options.variants.includes('pg')) await checkServices(options);
    const model = { ...ZERO_DELAY_MODEL, ...options.model };
    const mock = scope.adopt(
      'mock TinyFish process',
      await startMockServer({ placement: 'process', seed: options.seed, model }),
      (m) => m.close(),
    );
    const upstream = upstreamSettings(mock.url);
    const client = scope.adopt(
      'bare TinyFish client',
      createTinyFishProvider({ baseUrl: upstream.baseUrl, apiKey: upstream.apiKey }),
      (p) => p.close(),
    );
    const cpus = os.cpus();
    const cores = cpus.length;
    process.stdout.write(
      formatEngineHeader({
        command: `npm run bench:engine -- ${process.argv.slice(2).join(' ')}`.trim(),
        date: new Date().toISOString(),
        node: process.version,
        cpus: `${cores} cores (${cpus[0]?.model.trim() ?? 'unknown'})`,
        cores,
        loadBefore: os.loadavg(),
        mockPlacement: mock.placement,
        model,
        options,
      }),
    );

    const bare = async (index: number): Promise<BareClientPhase> => {
      await mock.reset();
      const result = await runBareClientPhase({
        provider: client,
        runs: options.runs,
        concurrency: options.concurrency,
        deadline,
        mockCpuMs: () => mock.cpuMs(),
      });
      process.stdout.write(`${formatBareRow(index, result, cores)}\n`);
      return result;
    };
    // Warm-up of the bare client (JIT, keep-alive connections), unmeasured; each engine
    // variant warms up inside its own benchmark (warmup_runs). The bare client gets through
    // --warmup-runs in tens of milliseconds, too short for the JIT to settle (its first measured
    // phase came out at 40-80 % of the later ones), so it repeats them for at least a second.
    const warmupUntil = performance.now() + BARE_WARMUP_MIN_MS;
    while (options.warmupRuns > 0 && performance.now() < Math.min(warmupUntil, deadline)) {
      await runBareClientPhase({
        provider: client,
        runs: options.warmupRuns,
        concurrency: options.concurrency,
        deadline,
        mockCpuMs: () => null,
      });
    }

    process.stdout.write(`${formatTableHeader()}\n`);
    const phases: BenchPhase[] = [{ kind: 'bare', index: 1, result: await bare(1) }];
    const phaseOptions: EnginePhaseOptions = {
      runs: options.runs,
      concurrency: options.concurrency,
      warmupRuns: options.warmupRuns,
      deadline,
      logger,
      mockCpuMs: () => mock.cpuMs(),
      open: options.open,
      // The closed row is printed as soon as it is measured, before the open phase runs.
      onClosed: (closed: EnginePhase) => process.stdout.write(`${formatEngineRow(closed, cores)}\n`),
    };
    const openSkipped: { variant: EngineVariant; why: string }[] = [];
    for (const variant of options.variants) {
      await mock.reset();
      const result: VariantResult =
        variant === 'embedded'
          ? await runEmbeddedVariant({ ...phaseOptions, upstream, parentScope: scope })
          : await runPostgresVariant({
              ...phaseOptions,
              upstream,
              parentScope: scope,
              postgresAdminUrl: options.postgresAdminUrl,
              redisUrl: options.redisUrl,
              workers: options.workers,
              cpuProfileDir: options.cpuProfileDir,
              onResources: (names) =>
                process.stdout.write(
                  `(pg variant: database ${names.database}, Redis prefix ${names.redisPrefix})\n`,
                ),
            });
      phases.push({ kind: 'engine', result: result.closed });
      if (result.open) {
        process.stdout.write(`${formatEngineRow(result.open, cores, openLabel(result.open))}\n`);
        phases.push({ kind: 'open', result: result.open });
      }
      if (result.openSkipped) openSkipped.push({ variant, why: result.openSkipped });
      const index = phases.filter((p) => p.kind === 'bare').length + 1;
      phases.push({ kind: 'bare', index, result: await bare(index) });
    }

    const comparisons = compareWithBaselines(phases);
    const checks = checkTargets(comparisons, phases);
    const precision = checkPrecisionTargets(comparisons, phases);
    const openTable = formatOpenTable(phases, openSkipped);
    process.stdout.write(
      `\n${formatEngineNotes(phases)}\n\n${openTable ? `${openTable}\n\n` : ''}${formatComparisons(comparisons)}\n\n`,
    );
    process.stdout.write(
      `${formatEngineTargets(checks, os.loadavg(), (performance.now() - started) / 1000, precision)}\n`,
    );
    if (options.jsonFile) {
      writeFileSync(
        options.jsonFile,
        `${JSON.stringify({ options, model, placement: mock.placement, phases, openSkipped, comparisons, checks, precision }, null, 2)}\n`,
      );
    }
  } finally {
    await scope.close();
    stopWatching();
  }
}

/** Fail in a second, before any phase ran, when the pg variant's services are not there. */
async function checkServices(options: EngineBenchOptions): Promise<void> {
  try {
    await databaseExists(options.postgresAdminUrl, 'postgres');
  } catch (error) {
    throw new Error(
      `PostgreSQL is unreachable at --pg-url (${(error as Error).message}); start it or run --variants embedded`,
    );
  }
  await pingRedis(options.redisUrl);
}

/**
 * Ctrl-C, SIGTERM and the watchdog all end the bench the same way: close everything it
 * opened (workers, database, keys, mock), within a budget, then exit. A second signal exits
 * at once. Returns the function that disarms all of it.
 */
function cleanUpOnInterrupt(scope: ResourceScope, watchdogMs: number): () => void {
  let ending = false;
  const end = (why: string, code: number): void => {
    if (ending) {
      process.exit(code);
    }
    ending = true;
    process.stderr.write(`bench: ${why}; cleaning up\n`);
    const force = setTimeout(() => process.exit(code), CLEANUP_BUDGET_MS);
    force.unref();
    void scope.close().finally(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => end(`${signal} received`, 130);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const watchdog = setTimeout(
    () => end('still running long after its time budget; giving up', 2),
    watchdogMs,
  );
  watchdog.unref();
  return () => {
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

runBenchMain(main);
