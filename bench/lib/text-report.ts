/** Pieces of the benches' text output: aligned table rows and the header's machine lines. */
import os from 'node:os';

/** A table's columns: each a name and the width its cells are padded to. */
export type TableColumns = readonly (readonly [string, number])[];

/** The first cell left-aligned (a label), the rest right-aligned (figures). */
export function tableRow(cells: string[], columns: TableColumns): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(columns[i]![1]) : c.padStart(columns[i]![1]))).join(' ');
}

export function loadAverages(values: number[]): string {
  return values.map((l) => l.toFixed(2)).join(' ');
}

/** One target a bench checks: what it is, whether the run met it, and the figures that say so. */
export interface TargetCheck {
  what: string;
  met: boolean;
  detail: string;
}

/**
 * The block that ends a bench's output: `heading`, a line per check, what the units mean, then
 * how long the bench took and the load average after it.
 */
export function targetsBlock(
  heading: string,
  checks: readonly TargetCheck[],
  units: readonly string[],
  end: { loadAfter: number[]; elapsedS: number },
): string[] {
  return [
    heading,
    ...checks.map((c) => `  [${c.met ? 'met' : 'MISSED'}] ${c.what}: ${c.detail}`),
    '',
    ...units,
    `finished in ${end.elapsedS.toFixed(1)} s; load average after ${loadAverages(end.loadAfter)}`,
  ];
}

/** What a bench ran on and against, so that two outputs can be told apart and compared. */
export interface MachineContext {
  command: string;
  date: string;
  node: string;
  cpus: string;
  loadBefore: number[];
  mockPlacement: string;
  model: Record<string, unknown>;
}

export function machineHeaderLines(ctx: MachineContext): string[] {
  return [
    `command:  ${ctx.command}`,
    `date:     ${ctx.date}`,
    `machine:  ${ctx.cpus}; node ${ctx.node}; load average before ${loadAverages(ctx.loadBefore)}`,
    `mock:     ${ctx.mockPlacement}, loopback`,
    `model:    ${JSON.stringify(ctx.model)}`,
  ];
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** Which figures of a spread become cells, each with its own number of decimals. */
export type SpreadCells<K extends string> = readonly (readonly [K, number])[];

/** The |measured - true| errors of the accuracy benches: p50 to the microsecond, p99, max. */
export const ERROR_SPREAD = [
  ['p50', 3],
  ['p99', 2],
  ['max', 1],
] as const satisfies SpreadCells<'p50' | 'p99' | 'max'>;

/** A spread's figures as table cells, e.g. `spreadCells(r.ttftErrorMs, ERROR_SPREAD)`. */
export function spreadCells<K extends string>(
  spread: Readonly<Record<K, number | null>>,
  cells: SpreadCells<K>,
): string[] {
  return cells.map(([key, digits]) => fixed(spread[key], digits));
}

/**
 * The accuracy cells every reader row of the client benches has, in this order: the TTFT and
 * inter-token gap errors (ERROR_SPREAD each), then the event-loop delay p99.
 */
export function accuracyCells(r: {
  ttftErrorMs: Readonly<Record<'p50' | 'p99' | 'max', number | null>>;
  gapErrorMs: Readonly<Record<'p50' | 'p99' | 'max', number | null>>;
  loopDelayP99Ms: number | null;
}): string[] {
  return [
    ...spreadCells(r.ttftErrorMs, ERROR_SPREAD),
    ...spreadCells(r.gapErrorMs, ERROR_SPREAD),
    fixed(r.loopDelayP99Ms, 2),
  ];
}

/** What kept a reader's streams from being compared with the ground truth, or '' when nothing did. */
export function comparisonProblems(c: {
  failed: number;
  failures: readonly string[];
  mismatched: number;
  missingTruth: number;
}): string {
  const problems = [
    c.failed > 0 ? `${c.failed} failed (${c.failures.join('; ')})` : '',
    c.mismatched > 0 ? `${c.mismatched} did not line up with the ground truth` : '',
    c.missingTruth > 0 ? `${c.missingTruth} without ground truth` : '',
  ].filter(Boolean);
  return problems.length > 0 ? `, ${problems.join(', ')}` : '';
}

/** This process's machine, now, for a bench's header. */
export function machineContext(
  command: string,
  mockPlacement: string,
  model: Record<string, unknown>,
): MachineContext {
  const cpus = os.cpus();
  return {
    command: `${command} ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'})`,
    loadBefore: os.loadavg(),
    mockPlacement,
    model,
  };
}
