/** Text output of the engine bench: a header, one row per phase, ratios and target verdicts. */
import type { BareClientPhase } from './bare-client-phase.js';
import { fmt } from './client-summary.js';
import type { EngineBenchOptions } from './engine-args.js';
import type { EnginePhase, EngineVariant, OpenEnginePhase } from './engine-phase.js';
import type { BenchPhase, EngineComparison } from './engine-summary.js';
import { OPEN_DEFAULTS } from './open-arrival.js';
import type { ResourceFigures } from './resource-meter.js';
import {
  type MachineContext,
  machineHeaderLines,
  type SpreadCells,
  spreadCells,
  type TableColumns,
  type TargetCheck,
  tableRow,
  targetsBlock,
} from './text-report.js';

type Spread = 'p50' | 'p90' | 'p99' | 'max';
/** Waits (dispatch, schedule lag): the median to 10 µs, the tail coarser. */
const WAIT_SPREAD: SpreadCells<Spread> = [
  ['p50', 2],
  ['p90', 1],
  ['p99', 1],
  ['max', 0],
];
const MEDIAN_AND_TAIL: SpreadCells<Spread> = [
  ['p50', 2],
  ['p99', 1],
];
const TAIL: SpreadCells<'p99' | 'max'> = [
  ['p99', 1],
  ['max', 0],
];

export interface EngineRunContext extends MachineContext {
  cores: number;
  options: EngineBenchOptions;
}

export function formatEngineHeader(ctx: EngineRunContext): string {
  const o = ctx.options;
  return [
    'Run engine throughput',
    ...machineHeaderLines(ctx),
    `load:     ${o.runs} measured runs (+ ${o.warmupRuns} warm-up) per phase at concurrency ${o.concurrency}, closed loop; phases: bare client, then each variant followed by the bare client again`,
    `open:     ${openPlan(o)}`,
    '',
  ].join('\n');
}

function openPlan(o: EngineBenchOptions): string {
  if (!o.open) return 'none (--no-open)';
  const rate =
    o.open.ratePerS !== null
      ? `${o.open.ratePerS} runs/s`
      : `${Math.round(o.open.fraction * 100)} % of the runs/s its closed loop just reached`;
  const runs = o.open.runs ?? `${OPEN_DEFAULTS.seconds} s worth (at most ${OPEN_DEFAULTS.maxRuns})`;
  return `after each variant's closed loop, on the same runtime: constant arrivals at ${rate}, ${runs} runs, benchmark concurrency ${o.open.concurrency}`;
}

/** The table's name for a variant's closed loop. */
export function variantLabel(variant: EngineVariant): string {
  return variant === 'pg' ? 'pg + redis' : 'embedded';
}

/** The table's name for a variant's open phase: `pg + redis, open 50%` or `..., open 40/s`. */
export function openLabel(r: OpenEnginePhase): string {
  const of = r.load.ofClosed;
  return `${variantLabel(r.variant)}, open ${of ? `${Math.round(of.fraction * 100)}%` : `${r.load.ratePerS}/s`}`;
}

const COLUMNS: TableColumns = [
  ['phase', 22],
  ['runs/s', 7],
  ['done', 12],
  ['window s', 9],
  ['dispatch p50', 13],
  ['p90', 7],
  ['p99', 7],
  ['max', 7],
  ['client p50', 11],
  ['p99', 7],
  ['worker+ p50', 12],
  ['p99', 7],
  ['in flight', 10],
  ['cpu/run', 8],
  ['mock', 6],
  ['workers', 8],
  ['busy', 5],
  ['ELD p99', 8],
  ['max', 7],
];

function row(cells: string[], columns: TableColumns = COLUMNS): string {
  return tableRow(cells, columns);
}

export function formatTableHeader(): string {
  return row(COLUMNS.map(([name]) => name));
}

export function formatBareRow(index: number, r: BareClientPhase, cores: number): string {
  return row([
    `bare client #${index}`,
    fmt(r.runsPerSecond, 0),
    `${r.completed}/${r.runs}`,
    fmt(r.wallMs / 1000, 1),
    '-',
    '-',
    '-',
    '-',
    ...spreadCells(r.clientMs, MEDIAN_AND_TAIL),
    '-',
    '-',
    '-',
    fmt(r.resources.cpuMs / Math.max(1, r.runs), 3),
    mockPerRun(r.resources, r.runs),
    '-',
    busy(r.resources, cores),
    ...spreadCells(r.loopDelayMs, TAIL),
  ]);
}

/** A row of the main table; an open phase's dispatch columns are started − due (see open-arrival.ts). */
export function formatEngineRow(r: EnginePhase, cores: number, label = variantLabel(r.variant)): string {
  const t = r.timings;
  return row([
    label,
    fmt(t.runsPerSecond, 0),
    `${t.completed}/${t.runs}`,
    fmt(t.windowMs / 1000, 1),
    ...spreadCells(t.dispatchMs, WAIT_SPREAD),
    ...spreadCells(t.clientMs, MEDIAN_AND_TAIL),
    ...spreadCells(t.workerOverheadMs, MEDIAN_AND_TAIL),
    fmt(t.effectiveInFlight, 0),
    fmt(r.resources.cpuMs / r.runsExecuted, 3),
    mockPerRun(r.resources, r.runsExecuted),
    r.workerCpuMs === null ? '-' : fmt(r.workerCpuMs / r.runsExecuted, 3),
    busy(r.resources, cores),
    ...spreadCells(r.loopDelayMs, TAIL),
  ]);
}

/** Lines under the table: how each engine variant was wired and anything that went wrong. */
export function formatEngineNotes(phases: readonly BenchPhase[]): string {
  const lines: string[] = [];
  for (const phase of phases) {
    if (phase.kind === 'bare') {
      if (phase.result.failures.length > 0 || phase.result.truncated)
        lines.push(
          `  bare client #${phase.index}: ${phase.result.truncated ? 'TRUNCATED by the time budget; ' : ''}${phase.result.failures.join('; ')}`,
        );
      continue;
    }
    const r = phase.result;
    const open = Object.entries(r.timings.notCompleted)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    lines.push(`  ${phase.kind === 'open' ? openLabel(phase.result) : r.variant}: ${r.setup}`);
    const pgFigures = r.postgres
      ? `; PostgreSQL: ${fmt(r.postgres.commits / r.runsExecuted, 1)} commits/run, backends ${r.postgres.backendCpuMs === null ? '-' : fmt(r.postgres.backendCpuMs / r.runsExecuted, 3)} ms CPU/run`
      : '';
    const redisFigures =
      r.redisCpuMs === null ? '' : `; Redis server ${fmt(r.redisCpuMs / r.runsExecuted, 3)} ms CPU/run`;
    lines.push(
      `    benchmark ${r.outcome.benchmarkId} ${r.outcome.status}${r.outcome.finished ? '' : ' [STOPPED by the time budget]'} after ${fmt(r.outcome.observedMs / 1000, 1)} s${phase.kind === 'open' ? '' : ' (warm-ups included)'}${open ? `; not completed: ${open}` : ''}; residence (${phase.kind === 'open' ? 'due' : 'dispatch'} to stored outcome) p50 ${fmt(r.timings.residenceMs.p50, 1)} ms, mean ${fmt(r.timings.residenceMs.mean, 1)} ms${pgFigures}${redisFigures}`,
    );
    if (phase.kind === 'open' && phase.result.open.handedOutLate > 0)
      lines.push(
        `    ${phase.result.open.handedOutLate} run(s) handed to the queue after their intended send time (the driver fell behind)`,
      );
  }
  return lines.join('\n');
}

const OPEN_COLUMNS: TableColumns = [
  ['open arrival', 22],
  ['offered/s', 9],
  ['achieved/s', 10],
  ['done', 12],
  ['dropped', 7],
  ['dispatch p50', 13],
  ['p90', 7],
  ['p99', 7],
  ['max', 7],
  ['lag p50', 8],
  ['p90', 7],
  ['p99', 7],
  ['max', 7],
  ['from intended p50', 18],
  ['p99', 7],
  ['timers p50', 11],
  ['p99', 7],
];

/**
 * The open phases on their own, with their schedule figures: empty when none ran. Lines for
 * variants whose open phase was asked for but skipped say why.
 */
export function formatOpenTable(
  phases: readonly BenchPhase[],
  skipped: readonly { variant: EngineVariant; why: string }[] = [],
): string {
  const open = phases.flatMap((p) => (p.kind === 'open' ? [p.result] : []));
  const lines: string[] = [];
  if (open.length > 0) {
    lines.push(
      row(
        OPEN_COLUMNS.map(([name]) => name),
        OPEN_COLUMNS,
      ),
    );
    for (const r of open) {
      const t = r.timings;
      const o = r.open;
      lines.push(
        row(
          [
            openLabel(r),
            fmt(r.load.ratePerS, 1),
            fmt(t.runsPerSecond, 1),
            `${t.completed}/${t.runs}`,
            String(o.dropped),
            ...spreadCells(t.dispatchMs, WAIT_SPREAD),
            ...spreadCells(o.scheduleLagMs, WAIT_SPREAD),
            fmt(o.fromIntendedMs.p50, 2),
            fmt(o.fromIntendedMs.p99, 1),
            fmt(r.timers.lagMs.p50, 2),
            fmt(r.timers.lagMs.p99, 1),
          ],
          OPEN_COLUMNS,
        ),
      );
    }
  }
  for (const s of skipped) lines.push(`  ${variantLabel(s.variant)}: no open phase: ${s.why}`);
  return lines.join('\n');
}

export function formatComparisons(comparisons: readonly EngineComparison[]): string {
  return [
    'engine / bare client (runs/s; the bare client = mean of its phases right before and after the variant):',
    ...comparisons.map(
      (c) =>
        `  ${c.variant === 'pg' ? 'pg + redis' : 'embedded  '}: ${fmt(c.ratio, 3)}x (${fmt(c.engineRunsPerSecond, 0)} vs ${fmt(c.baselineRunsPerSecond, 0)} runs/s); dispatch p50 ${fmt(c.dispatchP50Ms, 2)} ms, p99 ${fmt(c.dispatchP99Ms, 1)} ms`,
    ),
  ].join('\n');
}

export function formatEngineTargets(
  checks: readonly TargetCheck[],
  loadAfter: number[],
  elapsedS: number,
  precision: readonly TargetCheck[] = [],
): string {
  const heading =
    checks.length > 0 ? 'targets (PostgreSQL + Redis):' : 'targets: not checked (the pg variant did not run)';
  const units = [
    'units: ms unless stated. runs/s = completed measured runs / window; window = first dispatched_at to last finished_at',
    '(database clock) for the engine, first start to last end for the bare client. dispatch = started_at - dispatched_at',
    "(the driver's step that dispatched the run until a worker claimed it). client = the client's total_duration_ms.",
    "worker+ = (finished_at - started_at) - client: the worker's own time around the client. in flight = runs/s x mean",
    'residence (Little): above the concurrency by the runs whose outcome is being written after their request ended',
    '(they no longer hold a slot), below it by the slots idle between a request ending and the next dispatch.',
    'cpu/run = CPU of this process per run (warm-ups included for the engine); mock, workers = theirs; busy = machine, % of all cores.',
    'ELD = event-loop delay of this process (the engine itself on the embedded default, the API role on pg + redis).',
    'open rows: a constant-arrival benchmark on the same runtime after the closed loop. A run is due at max(dispatched_at,',
    'intended_start_at) (the driver hands runs to the queue up to 5 s ahead); dispatch = started_at - due; window = first due',
    'to last finished_at; achieved = completed / window. lag = actual_start_at - intended_start_at; from intended = lag +',
    'client (latency from the intended send, free of coordinated omission); dropped = no slot within max_lag_s (never started).',
    'timers = a bare setTimeout scheduler in this process firing the same rate and count at the same time: its lag is the floor.',
  ];
  const lines = targetsBlock(heading, checks, units, { loadAfter, elapsedS });
  if (precision.length === 0) return lines.join('\n');
  // The precision verdicts follow the throughput ones, under their own heading.
  const precisionLines = targetsBlock('send-time precision targets (this run):', precision, [], {
    loadAfter,
    elapsedS,
  });
  lines.splice(1 + checks.length, 0, ...precisionLines.slice(0, 1 + precision.length));
  return lines.join('\n');
}

function mockPerRun(r: ResourceFigures, runs: number): string {
  return r.mockCpuMs === null ? '-' : fmt(r.mockCpuMs / Math.max(1, runs), 3);
}

function busy(r: ResourceFigures, cores: number): string {
  return r.machineBusyMs === null ? '-' : `${fmt((100 * r.machineBusyMs) / (r.wallMs * cores), 0)}%`;
}
