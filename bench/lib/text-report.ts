/** Pieces of the benches' text output: aligned table rows and the header's machine lines. */

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
