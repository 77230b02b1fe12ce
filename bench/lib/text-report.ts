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
