/** The printed figures of a level, computed from its raw results (pure). */
import { percentile } from '@tfbench/domain/statistics';
import type { LevelResult, ReaderLevelResult } from './client-level.js';
import type { TargetCheck } from './text-report.js';

export interface Quantiles {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface ReaderSummary {
  reader: ReaderLevelResult['reader'];
  runsExecuted: number;
  runsCompared: number;
  failed: number;
  mismatched: number;
  missingTruth: number;
  failures: string[];
  runsPerSecond: number;
  /** Upstream events received per second: the load the reader had to keep up with. */
  eventsPerSecond: number;
  cpuMsPerRun: number;
  /** This process's CPU as a share of one core during the phases, %. */
  cpuPercent: number;
  ttftErrorMs: Quantiles;
  gapErrorMs: Quantiles;
  /** arrival - write per event: delivery + stamping lag (+ clock delta). */
  lagMs: Quantiles;
  /** mock.received - t0 per run: request transit (- clock delta). */
  transitMs: Quantiles;
  /** Measured ttft - the mock's first-PROGRESS offset (= transit + lag, no clock alignment). */
  ttftMinusMockOffsetMs: Quantiles;
  /** The two epoch scales differ by delta within [low, high] ms (see compare.ts). */
  clockDeltaMs: { low: number | null; high: number | null };
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  rssPeakMb: number;
  heapPeakMb: number;
  mockCpuMsPerRun: number | null;
  /** Share of the machine (all cores = 100 %) that was busy, and who with. */
  machineBusyPercent: number | null;
  othersBusyPercent: number | null;
}

export interface LevelSummary {
  concurrency: number;
  measuredRunsRequested: number;
  phases: number;
  rampMs: number;
  truncated: boolean;
  baseline: ReaderSummary;
  client: ReaderSummary;
  ratios: {
    cpuPerRun: number;
    ttftErrorP50: number | null;
    ttftErrorP99: number | null;
    gapErrorP50: number | null;
    gapErrorP99: number | null;
  };
}

const MB = 1024 * 1024;

export function summarizeLevel(level: LevelResult, cores: number): LevelSummary {
  const find = (name: ReaderLevelResult['reader']) => {
    const r = level.results.find((x) => x.reader === name);
    if (!r) throw new Error(`no ${name} result at concurrency ${level.concurrency}`);
    return summarizeReader(r, cores);
  };
  const baseline = find('baseline');
  const client = find('client');
  return {
    concurrency: level.concurrency,
    measuredRunsRequested: level.measuredRunsRequested,
    phases: level.phases,
    rampMs: level.rampMs,
    truncated: level.truncated,
    baseline,
    client,
    ratios: {
      cpuPerRun: client.cpuMsPerRun / baseline.cpuMsPerRun,
      ttftErrorP50: ratio(client.ttftErrorMs.p50, baseline.ttftErrorMs.p50),
      ttftErrorP99: ratio(client.ttftErrorMs.p99, baseline.ttftErrorMs.p99),
      gapErrorP50: ratio(client.gapErrorMs.p50, baseline.gapErrorMs.p50),
      gapErrorP99: ratio(client.gapErrorMs.p99, baseline.gapErrorMs.p99),
    },
  };
}

function summarizeReader(r: ReaderLevelResult, cores: number): ReaderSummary {
  const s = r.samples;
  const res = r.resources;
  const minLag = minOf(s.lags);
  const minTransit = minOf(s.transits);
  const machineBusyPercent =
    res.machineBusyMs === null ? null : (100 * res.machineBusyMs) / (res.wallMs * cores);
  const ours = res.cpuMs + (res.mockCpuMs ?? 0);
  return {
    reader: r.reader,
    runsExecuted: r.runsExecuted,
    runsCompared: s.compared,
    failed: s.failed,
    mismatched: s.mismatched,
    missingTruth: s.missingTruth,
    failures: s.failures,
    runsPerSecond: (1000 * r.runsExecuted) / res.wallMs,
    eventsPerSecond: (1000 * r.eventsReceived) / res.wallMs,
    cpuMsPerRun: res.cpuMs / r.runsExecuted,
    cpuPercent: (100 * res.cpuMs) / res.wallMs,
    ttftErrorMs: quantiles(s.ttftErrors),
    gapErrorMs: quantiles(s.gapErrors),
    lagMs: quantiles(s.lags),
    transitMs: quantiles(s.transits),
    ttftMinusMockOffsetMs: quantiles(s.ttftMinusMockOffset),
    clockDeltaMs: { low: minLag === null ? null : -minLag, high: minTransit },
    loopDelayP99Ms: r.loopDelayP99Ms,
    loopDelayMaxMs: r.loopDelayMaxMs,
    rssPeakMb: res.rssPeak / MB,
    heapPeakMb: res.heapPeak / MB,
    mockCpuMsPerRun: res.mockCpuMs === null ? null : res.mockCpuMs / r.runsExecuted,
    machineBusyPercent,
    othersBusyPercent:
      res.machineBusyMs === null || res.mockCpuMs === null
        ? null
        : Math.max(0, (100 * (res.machineBusyMs - ours)) / (res.wallMs * cores)),
  };
}

export function quantiles(values: readonly number[]): Quantiles {
  if (values.length === 0) return { count: 0, p50: null, p99: null, max: null };
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  return { count: values.length, p50: percentile(values, 0.5), p99: percentile(values, 0.99), max };
}

/** Math.min without spreading (tens of thousands of samples exceed the argument limit). */
function minOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < min) min = v;
  return min;
}

export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** The client's accuracy and cost targets (docs/performance.md, "Against the targets"). */
export const TARGETS = {
  /** p99 |error| bound in ms by concurrency; levels not listed have no accuracy target. */
  p99ErrorMs: new Map<number, number>([
    [100, 2],
    [1000, 10],
  ]),
  cpuPerRunRatio: 1.5,
} as const;

export function checkTargets(levels: readonly LevelSummary[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const level of levels) {
    const bound = TARGETS.p99ErrorMs.get(level.concurrency);
    if (bound !== undefined) {
      for (const [label, q] of [
        ['ttft', level.client.ttftErrorMs],
        ['inter-token gap', level.client.gapErrorMs],
      ] as const) {
        const p99 = q.p99;
        checks.push({
          what: `concurrency ${level.concurrency}: client p99 |${label} error| <= ${bound} ms`,
          met: p99 !== null && p99 <= bound,
          detail:
            p99 === null
              ? 'no samples'
              : `${fmt(p99)} ms${p99 > bound ? ` (misses by ${fmt(p99 - bound)} ms)` : ''}`,
        });
      }
    }
    const r = level.ratios.cpuPerRun;
    checks.push({
      what: `concurrency ${level.concurrency}: client CPU per run <= ${TARGETS.cpuPerRunRatio}x baseline`,
      met: r <= TARGETS.cpuPerRunRatio,
      detail: `${fmt(r, 2)}x (${fmt(level.client.cpuMsPerRun, 3)} vs ${fmt(level.baseline.cpuMsPerRun, 3)} ms)`,
    });
  }
  return checks;
}

export function fmt(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}
