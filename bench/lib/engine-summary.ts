/**
 * The engine bench's verdicts, computed from its phases (pure): each engine variant against
 * the bare-client phases run right before and right after it, and the targets of issue 4.
 */
import type { BareClientPhase } from './bare-client-phase.js';
import type { EnginePhase } from './engine-phase.js';

/** The phases in the order they ran: bare client, engine, bare client, engine, bare client. */
export type BenchPhase =
  | { kind: 'bare'; index: number; result: BareClientPhase }
  | { kind: 'engine'; result: EnginePhase };

export interface EngineComparison {
  variant: EnginePhase['variant'];
  engineRunsPerSecond: number;
  /** Mean runs/s of the bare-client phases adjacent to this engine phase. */
  baselineRunsPerSecond: number;
  /** engine / baseline. */
  ratio: number;
  dispatchP50Ms: number | null;
  dispatchP99Ms: number | null;
}

/** Issue 4's targets, for the PostgreSQL + Redis variant. */
export const TARGETS = { minRatio: 0.5, maxDispatchP99Ms: 50 } as const;

export interface TargetCheck {
  what: string;
  met: boolean;
  detail: string;
}

export function compareWithBaselines(phases: readonly BenchPhase[]): EngineComparison[] {
  const comparisons: EngineComparison[] = [];
  phases.forEach((phase, i) => {
    if (phase.kind !== 'engine') return;
    const neighbours = [phases[i - 1], phases[i + 1]].filter(
      (p): p is Extract<BenchPhase, { kind: 'bare' }> => p?.kind === 'bare',
    );
    const baseline =
      neighbours.length === 0
        ? Number.NaN
        : neighbours.reduce((s, p) => s + p.result.runsPerSecond, 0) / neighbours.length;
    const engine = phase.result.timings.runsPerSecond;
    comparisons.push({
      variant: phase.result.variant,
      engineRunsPerSecond: engine,
      baselineRunsPerSecond: baseline,
      ratio: engine / baseline,
      dispatchP50Ms: phase.result.timings.dispatchMs.p50,
      dispatchP99Ms: phase.result.timings.dispatchMs.p99,
    });
  });
  return comparisons;
}

export function checkTargets(comparisons: readonly EngineComparison[]): TargetCheck[] {
  const pg = comparisons.find((c) => c.variant === 'pg');
  if (!pg) return [];
  const p99 = pg.dispatchP99Ms;
  return [
    {
      what: `PostgreSQL + Redis sustains >= ${TARGETS.minRatio * 100} % of the bare client's runs/s`,
      met: pg.ratio >= TARGETS.minRatio,
      detail: `${pct(pg.ratio)} (${pg.engineRunsPerSecond.toFixed(0)} vs ${pg.baselineRunsPerSecond.toFixed(0)} runs/s)${
        pg.ratio < TARGETS.minRatio
          ? `; misses by ${((TARGETS.minRatio - pg.ratio) * 100).toFixed(1)} points (needs ${(TARGETS.minRatio * pg.baselineRunsPerSecond).toFixed(0)} runs/s)`
          : ''
      }`,
    },
    {
      what: `dispatch latency p99 <= ${TARGETS.maxDispatchP99Ms} ms under that load`,
      met: p99 !== null && p99 <= TARGETS.maxDispatchP99Ms,
      detail:
        p99 === null
          ? 'no dispatched run started'
          : `${p99.toFixed(1)} ms${p99 > TARGETS.maxDispatchP99Ms ? ` (misses by ${(p99 - TARGETS.maxDispatchP99Ms).toFixed(1)} ms)` : ''}`,
    },
  ];
}

function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : '-';
}
