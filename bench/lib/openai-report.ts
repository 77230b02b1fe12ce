/** Text output of the OpenAI bench: one table per level and the target verdicts. */
import { fmt } from './client-summary.js';
import type { OpenAILevelSummary, ReaderPhaseSummary } from './openai-summary.js';
import {
  accuracyCells,
  comparisonProblems,
  loadAverages,
  type TargetCheck,
  tableRow,
  targetsBlock,
} from './text-report.js';

const COLUMNS = [
  ['reader', 9],
  ['tokens/s', 9],
  ['cpu µs/tok', 11],
  ['ttft|e| p50', 12],
  ['p99', 7],
  ['max', 7],
  ['gap|e| p50', 11],
  ['p99', 7],
  ['max', 7],
  ['ELD p99', 8],
  ['RSS KiB/str', 12],
  ['heap KiB/str', 13],
] as const;

function readerRow(r: ReaderPhaseSummary): string {
  return tableRow(
    [
      r.reader,
      fmt(r.tokensPerSecond, 0),
      fmt(r.cpuUsPerToken, 1),
      ...accuracyCells(r),
      fmt(r.rssPerStreamKiB, 0),
      fmt(r.heapPerStreamKiB, 0),
    ],
    COLUMNS,
  );
}

function countsLine(r: ReaderPhaseSummary): string {
  const c = r.comparison;
  const mock = r.mockCpuUsPerToken === null ? '' : `; mock cpu ${fmt(r.mockCpuUsPerToken, 1)} µs/token`;
  return `  ${r.reader}: ${c.compared} of ${r.streams} streams compared, ${c.tokens} token chunks in ${fmt(r.wallMs / 1000, 1)} s${comparisonProblems(c)}; ELD max ${fmt(r.loopDelayMaxMs, 1)} ms${mock}`;
}

export function formatOpenAILevel(level: OpenAILevelSummary): string {
  const ratio = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}x`);
  return [
    `concurrency ${level.concurrency}${level.truncated ? ' [TRUNCATED by the time budget]' : ''} (load average at the end ${loadAverages(level.loadAverage)})`,
    tableRow(
      COLUMNS.map(([name]) => name),
      COLUMNS,
    ),
    readerRow(level.baseline),
    readerRow(level.client),
    `  client/bare: ttft |error| p99 ${ratio(level.ratios.ttftErrorP99)}; gap |error| p99 ${ratio(level.ratios.gapErrorP99)}; cpu/token ${ratio(level.ratios.cpuPerToken)}`,
    countsLine(level.baseline),
    countsLine(level.client),
    '',
  ].join('\n');
}

export function formatOpenAITargets(
  checks: readonly TargetCheck[],
  loadAfter: number[],
  elapsedS: number,
): string {
  const units = [
    "units: ms unless stated; |e| = |measured - true| against the mock's write instants (ttft includes loopback delivery);",
    'cpu µs/tok = user+system CPU of this process / token chunks received; ELD = event-loop delay of this process;',
    'KiB/str = (peak - start of phase) / concurrency, after a full GC before each phase.',
  ];
  return [...targetsBlock('targets:', checks, units, { loadAfter, elapsedS }), ''].join('\n');
}
