/**
 * The send-time precision targets (docs/performance.md, "Send-time precision"), checked from
 * the phases of one run: each open phase's schedule lag against a fixed bound and against the
 * bare setTimeout scheduler that ran alongside it, and each closed loop's rate against the
 * bare client's.
 */
import type { EngineVariant, OpenEnginePhase } from './engine-phase.js';
import type { BenchPhase, EngineComparison } from './engine-summary.js';
import type { TargetCheck } from './text-report.js';

export const PRECISION_TARGETS = {
  /** Open-arrival schedule lag p99 at 50 % of capacity, ms, per variant. */
  maxLagP99Ms: { pg: 10, embedded: 20 } satisfies Record<EngineVariant, number>,
  /** The engine's lag (p50 and p99) at most this many times the bare timers'. */
  maxLagToTimers: 2,
  /** Closed-loop runs/s as a share of the bare client's. */
  minClosedRatio: 0.25,
} as const;

const label = (variant: EngineVariant): string => (variant === 'pg' ? 'PostgreSQL + Redis' : 'embedded');

/** Every precision verdict this run can give: open phases first, then the closed loops. */
export function checkPrecisionTargets(
  comparisons: readonly EngineComparison[],
  phases: readonly BenchPhase[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const phase of phases) if (phase.kind === 'open') checks.push(...checkOpenLag(phase.result));
  for (const c of comparisons) {
    const bound = PRECISION_TARGETS.minClosedRatio;
    const met = Number.isFinite(c.ratio) && c.ratio >= bound;
    checks.push({
      what: `${label(c.variant)}: closed loop >= ${bound * 100} % of the bare client's runs/s`,
      met,
      detail: `${pct(c.ratio)} (${c.engineRunsPerSecond.toFixed(0)} vs ${c.baselineRunsPerSecond.toFixed(0)} runs/s)${
        met ? '' : `; needs ${(bound * c.baselineRunsPerSecond).toFixed(0)} runs/s`
      }`,
    });
  }
  return checks;
}

function checkOpenLag(open: OpenEnginePhase): TargetCheck[] {
  const lag = open.open.scheduleLagMs;
  const timers = open.timers.lagMs;
  const bound = PRECISION_TARGETS.maxLagP99Ms[open.variant];
  const times = PRECISION_TARGETS.maxLagToTimers;
  const rate = `${open.load.ratePerS} runs/s${open.load.ofClosed ? ` (${Math.round(open.load.ofClosed.fraction * 100)} % of the closed loop)` : ''}`;
  const dropped = open.open.dropped > 0 ? `; ${open.open.dropped} arrival(s) dropped` : '';
  const { count: early, earliestMs } = open.open.early;
  const earlySends =
    early > 0 && earliestMs !== null
      ? `; ${early} sent early, earliest ${(-earliestMs).toFixed(2)} ms before`
      : '';
  const ratioP50 = ratioOf(lag.p50, timers.p50);
  const ratioP99 = ratioOf(lag.p99, timers.p99);
  return [
    {
      what: `${label(open.variant)}: open-arrival lag p99 <= ${bound} ms at ${rate}`,
      met: lag.p99 !== null && lag.p99 <= bound && open.open.dropped === 0,
      detail: `${ms(lag.p99)}${lag.p99 !== null && lag.p99 > bound ? ` (misses by ${(lag.p99 - bound).toFixed(1)} ms)` : ''}${dropped}${earlySends}`,
    },
    {
      what: `${label(open.variant)}: open-arrival lag <= ${times}x the bare setTimeout scheduler's (p50 and p99)`,
      met: ratioP50 !== null && ratioP99 !== null && ratioP50 <= times && ratioP99 <= times,
      detail: `p50 ${ms(lag.p50)} vs ${ms(timers.p50)} (${ratioText(ratioP50)}), p99 ${ms(lag.p99)} vs ${ms(timers.p99)} (${ratioText(ratioP99)})`,
    },
  ];
}

/**
 * A lag below this counts as this much on both sides of a ratio: setTimeout takes whole
 * milliseconds and fires by a loop clock kept in whole milliseconds, so the bare timers' own lag
 * is not resolved below 1 ms (its median is a fraction of a millisecond either side of zero), and
 * a ratio of two sub-millisecond figures would measure that rounding, not the engine.
 */
export const LAG_RESOLUTION_MS = 1;

/** engine / timers, each at least {@link LAG_RESOLUTION_MS}. */
function ratioOf(engine: number | null, timers: number | null): number | null {
  if (engine === null || timers === null) return null;
  return Math.max(LAG_RESOLUTION_MS, engine) / Math.max(LAG_RESOLUTION_MS, timers);
}

const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(1)} ms`);
const ratioText = (r: number | null): string => (r === null ? '-' : `${r.toFixed(2)}x`);
const pct = (r: number): string => (Number.isFinite(r) ? `${(r * 100).toFixed(1)} %` : '-');
