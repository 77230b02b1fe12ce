/** Text output of the bench: a header, one table per level, the target verdicts. */
import { fmt, type LevelSummary, type ReaderSummary } from './client-summary.js';
import {
  accuracyCells,
  comparisonProblems,
  type MachineContext,
  machineHeaderLines,
  type TargetCheck,
  tableRow,
  targetsBlock,
} from './text-report.js';

export function formatHeader(ctx: MachineContext): string {
  return ['TinyFish client measurement accuracy', ...machineHeaderLines(ctx), ''].join('\n');
}

const COLUMNS = [
  ['reader', 9],
  ['runs/s', 7],
  ['cpu/run', 8],
  ['cpu%', 5],
  ['ttft|e| p50', 12],
  ['p99', 6],
  ['max', 7],
  ['gap|e| p50', 11],
  ['p99', 6],
  ['max', 7],
  ['ELD p99', 8],
  ['RSS MB', 7],
  ['heap MB', 8],
] as const;

function row(cells: string[]): string {
  return tableRow(cells, COLUMNS);
}

function readerRow(r: ReaderSummary): string {
  return row([
    r.reader,
    fmt(r.runsPerSecond, 0),
    fmt(r.cpuMsPerRun, 3),
    fmt(r.cpuPercent, 0),
    ...accuracyCells(r),
    fmt(r.rssPeakMb, 0),
    fmt(r.heapPeakMb, 0),
  ]);
}

function contextLine(r: ReaderSummary): string {
  const counts = `${r.runsCompared} runs compared of ${r.runsExecuted} executed, ${fmt(r.eventsPerSecond, 0)} events/s received`;
  const load =
    r.machineBusyPercent === null
      ? ''
      : `; machine ${fmt(r.machineBusyPercent, 0)}% busy (others ${fmt(r.othersBusyPercent, 0)}%)`;
  const mock = r.mockCpuMsPerRun === null ? '' : `; mock cpu/run ${fmt(r.mockCpuMsPerRun, 3)} ms`;
  return [
    `  ${r.reader}: ${counts}${comparisonProblems(r)}`,
    `    lag write->stamp p50 ${fmt(r.lagMs.p50, 3)} p99 ${fmt(r.lagMs.p99, 2)} ms; transit t0->mock p50 ${fmt(r.transitMs.p50, 3)} p99 ${fmt(r.transitMs.p99, 2)} ms; ttft - mock offset p50 ${fmt(r.ttftMinusMockOffsetMs.p50, 3)} ms`,
    `    clock delta in [${fmt(r.clockDeltaMs.low, 3)}, ${fmt(r.clockDeltaMs.high, 3)}] ms; ELD max ${fmt(r.loopDelayMaxMs, 1)} ms${mock}${load}`,
  ].join('\n');
}

export function formatLevel(level: LevelSummary): string {
  const ratio = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}x`);
  const lines = [
    `concurrency ${level.concurrency}: ${level.measuredRunsRequested} measured runs per reader in ${level.phases} phase(s), each phase with one ramp and one drain generation of ${level.concurrency} run(s) not compared (starts spread over ${level.rampMs} ms)${level.truncated ? ' [TRUNCATED by the time budget]' : ''}`,
    row(COLUMNS.map(([name]) => name)),
    readerRow(level.baseline),
    readerRow(level.client),
    `  client/baseline: cpu/run ${ratio(level.ratios.cpuPerRun)}; ttft |error| p50 ${ratio(level.ratios.ttftErrorP50)} p99 ${ratio(level.ratios.ttftErrorP99)}; gap |error| p50 ${ratio(level.ratios.gapErrorP50)} p99 ${ratio(level.ratios.gapErrorP99)}`,
    contextLine(level.baseline),
    contextLine(level.client),
    '',
  ];
  return lines.join('\n');
}

export function formatTargets(checks: readonly TargetCheck[], loadAfter: number[], elapsedS: number): string {
  const units = [
    `units: ms unless stated; cpu/run = (user+system CPU of this process) / runs; cpu% of one core; ELD = event-loop delay of this process;`,
    `|e| = |measured - true| with true from the mock's ground truth (write instants); RSS/heap = peaks during the phases.`,
  ];
  return targetsBlock('targets:', checks, units, { loadAfter, elapsedS }).join('\n');
}

/**
 * The tightest bound on the offset between the mock's and this process's epoch scales over
 * every run of the bench (see compare.ts): how far the TTFT errors could be off.
 */
export function formatClockDelta(levels: readonly LevelSummary[]): string {
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  for (const level of levels) {
    for (const r of [level.baseline, level.client]) {
      if (r.clockDeltaMs.low !== null) low = Math.max(low, r.clockDeltaMs.low);
      if (r.clockDeltaMs.high !== null) high = Math.min(high, r.clockDeltaMs.high);
    }
  }
  return `clock alignment: mock epoch - bench epoch for one instant lies in [${fmt(low, 3)}, ${fmt(high, 3)}] ms over all runs (ttft errors are exact up to this)\n`;
}
