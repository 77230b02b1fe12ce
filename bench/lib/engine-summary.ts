/**
 * The engine bench's verdicts, computed from its phases (pure): each engine variant against
 * the bare-client phases run right before and right after it, and the engine's targets.
 */
import type { BareClientPhase } from './bare-client-phase.js';
import type { EnginePhase, OpenEnginePhase } from './engine-phase.js';
import type { TargetCheck } from './text-report.js';

/**
 * The phases in the order they ran: bare client, then for each variant its closed loop
 * (`engine`), its open arrivals (`open`, unless --no-open) and the bare client again.
 */
export type BenchPhase =
  | { kind: 'bare'; index: number; result: BareClientPhase }
  | { kind: 'engine'; result: EnginePhase }
  | { kind: 'open'; result: OpenEnginePhase };

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

/** The engine's targets, for the PostgreSQL + Redis variant. */
export const TARGETS = { minRatio: 0.5, maxDispatchP99Ms: 50 } as const;

export function compareWithBaselines(all: readonly BenchPhase[]): EngineComparison[] {
  const comparisons: EngineComparison[] = [];
  // The bare client's rate is compared with the closed loop's: the open phase between a
  // variant's closed loop and the next bare-client phase is not a neighbour.
  const phases = all.filter((p) => p.kind !== 'open');
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

/**
 * The targets on the PostgreSQL + Redis variant: its closed loop against the bare client,
 * the dispatch p99 under that saturating load (as the target is worded), and the dispatch p99
 * at the open rate below capacity (Proposal 4's reading) when that phase ran. A dropped
 * arrival waited past max_lag_s and never started, so any drop misses the last target too.
 */
export function checkTargets(
  comparisons: readonly EngineComparison[],
  phases: readonly BenchPhase[] = [],
): TargetCheck[] {
  const pg = comparisons.find((c) => c.variant === 'pg');
  if (!pg) return [];
  const p99 = pg.dispatchP99Ms;
  const open = phases.find(
    (p): p is Extract<BenchPhase, { kind: 'open' }> => p.kind === 'open' && p.result.variant === 'pg',
  )?.result;
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
      what: `dispatch latency p99 <= ${TARGETS.maxDispatchP99Ms} ms under that load (the saturating closed loop)`,
      met: p99 !== null && p99 <= TARGETS.maxDispatchP99Ms,
      detail:
        p99 === null
          ? 'no dispatched run started'
          : `${p99.toFixed(1)} ms${p99 > TARGETS.maxDispatchP99Ms ? ` (misses by ${(p99 - TARGETS.maxDispatchP99Ms).toFixed(1)} ms)` : ''}`,
    },
    ...(open ? [checkOpenDispatch(open)] : []),
  ];
}

function checkOpenDispatch(open: OpenEnginePhase): TargetCheck {
  const p99 = open.timings.dispatchMs.p99;
  const { dropped } = open.open;
  const bound = TARGETS.maxDispatchP99Ms;
  const rate = `${open.load.ratePerS} runs/s${open.load.ofClosed ? `, ${Math.round(open.load.ofClosed.fraction * 100)} % of the closed loop's rate` : ''}`;
  const misses: string[] = [];
  if (p99 !== null && p99 > bound) misses.push(`misses by ${(p99 - bound).toFixed(1)} ms`);
  if (dropped > 0) misses.push(`${dropped} arrival(s) dropped`);
  return {
    what: `dispatch latency p99 <= ${bound} ms at open constant arrivals (${rate})`,
    met: p99 !== null && p99 <= bound && dropped === 0,
    detail:
      p99 === null
        ? `no run started${dropped > 0 ? `; ${dropped} arrival(s) dropped` : ''}`
        : `${p99.toFixed(1)} ms, achieved ${open.timings.runsPerSecond.toFixed(1)} runs/s${misses.length > 0 ? ` (${misses.join('; ')})` : ''}`,
  };
}

function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : '-';
}
