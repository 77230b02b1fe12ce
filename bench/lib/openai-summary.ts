/**
 * The OpenAI bench's arithmetic (pure): each stream a reader timed against the mock's ground
 * truth, and a phase's figures against the targets of the client (docs/performance.md).
 */
import type { RequestGroundTruth } from '@tfbench/mock-openai';
import { fmt, type Quantiles, quantiles, ratio } from './client-summary.js';
import type { StreamReading } from './openai-readers.js';
import type { ResourceFigures } from './resource-meter.js';
import type { TargetCheck } from './text-report.js';

export interface StreamComparison {
  compared: number;
  failed: number;
  /** Streams whose token chunk count differs from the frames the mock wrote. */
  mismatched: number;
  missingTruth: number;
  failures: string[];
  /** |measured TTFT - (first token write - t0)| per stream, ms (includes loopback delivery). */
  ttftErrors: number[];
  /** |measured gap - written gap| per consecutive pair of token chunks, ms. */
  gapErrors: number[];
  tokens: number;
}

/** Lines the readings up with the ground truth, by response id. */
export function compareStreams(
  readings: readonly StreamReading[],
  truths: readonly RequestGroundTruth[],
): StreamComparison {
  const byId = new Map(truths.map((t) => [t.id, t]));
  const out: StreamComparison = {
    compared: 0,
    failed: 0,
    mismatched: 0,
    missingTruth: 0,
    failures: [],
    ttftErrors: [],
    gapErrors: [],
    tokens: 0,
  };
  for (const reading of readings) {
    out.tokens += reading.arrivals.length;
    if (reading.failure !== null) {
      out.failed++;
      if (out.failures.length < 5 && !out.failures.includes(reading.failure))
        out.failures.push(reading.failure);
      continue;
    }
    const truth = reading.id === null ? undefined : byId.get(reading.id);
    if (!truth) {
      out.missingTruth++;
      continue;
    }
    const frames = truth.frames.filter((f) => f.tokens > 0);
    const arrivals = reading.arrivals;
    if (frames.length !== arrivals.length || frames.length === 0) {
      out.mismatched++;
      continue;
    }
    out.compared++;
    out.ttftErrors.push(Math.abs(arrivals[0]! - (frames[0]!.epoch_ms - reading.t0EpochMs)));
    for (let i = 1; i < frames.length; i++) {
      // Written gaps on the mock's own monotonic clock: exact, no clock alignment needed.
      const written = frames[i]!.mono_ms - frames[i - 1]!.mono_ms;
      out.gapErrors.push(Math.abs(arrivals[i]! - arrivals[i - 1]! - written));
    }
  }
  return out;
}

/** The comparisons of several phases of one reader as one. */
export function mergeComparisons(parts: readonly StreamComparison[]): StreamComparison {
  const failures = [...new Set(parts.flatMap((p) => p.failures))].slice(0, 5);
  const sum = (pick: (p: StreamComparison) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return {
    compared: sum((p) => p.compared),
    failed: sum((p) => p.failed),
    mismatched: sum((p) => p.mismatched),
    missingTruth: sum((p) => p.missingTruth),
    failures,
    ttftErrors: parts.flatMap((p) => p.ttftErrors),
    gapErrors: parts.flatMap((p) => p.gapErrors),
    tokens: sum((p) => p.tokens),
  };
}

export interface ReaderPhaseSummary {
  reader: 'baseline' | 'client';
  streams: number;
  comparison: Omit<StreamComparison, 'ttftErrors' | 'gapErrors'>;
  ttftErrorMs: Quantiles;
  gapErrorMs: Quantiles;
  tokensPerSecond: number;
  /** CPU of this process per token chunk received, µs. */
  cpuUsPerToken: number;
  mockCpuUsPerToken: number | null;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** (peak - start of phase) / concurrency, KiB. */
  rssPerStreamKiB: number;
  heapPerStreamKiB: number;
  wallMs: number;
}

export function summarizePhase(options: {
  reader: 'baseline' | 'client';
  concurrency: number;
  streams: number;
  comparison: StreamComparison;
  resources: ResourceFigures;
  /** Largest growth of RSS and heap over a phase (peak - value at its start), bytes. */
  memoryGrowth: { rss: number; heap: number };
  loopDelay: { p99: number; max: number };
}): ReaderPhaseSummary {
  const { comparison: c, resources: r } = options;
  const tokens = Math.max(1, c.tokens);
  const { ttftErrors, gapErrors, ...counts } = c;
  return {
    reader: options.reader,
    streams: options.streams,
    comparison: counts,
    ttftErrorMs: quantiles(ttftErrors),
    gapErrorMs: quantiles(gapErrors),
    tokensPerSecond: (1000 * c.tokens) / r.wallMs,
    cpuUsPerToken: (1000 * r.cpuMs) / tokens,
    mockCpuUsPerToken: r.mockCpuMs === null ? null : (1000 * r.mockCpuMs) / tokens,
    loopDelayP99Ms: options.loopDelay.p99,
    loopDelayMaxMs: options.loopDelay.max,
    rssPerStreamKiB: Math.max(0, options.memoryGrowth.rss) / 1024 / options.concurrency,
    heapPerStreamKiB: Math.max(0, options.memoryGrowth.heap) / 1024 / options.concurrency,
    wallMs: r.wallMs,
  };
}

export interface OpenAILevelSummary {
  concurrency: number;
  truncated: boolean;
  loadAverage: number[];
  baseline: ReaderPhaseSummary;
  client: ReaderPhaseSummary;
  ratios: { ttftErrorP99: number | null; gapErrorP99: number | null; cpuPerToken: number | null };
}

export function levelSummary(
  concurrency: number,
  baseline: ReaderPhaseSummary,
  client: ReaderPhaseSummary,
  extra: { truncated: boolean; loadAverage: number[] },
): OpenAILevelSummary {
  return {
    concurrency,
    ...extra,
    baseline,
    client,
    ratios: {
      ttftErrorP99: ratio(client.ttftErrorMs.p99, baseline.ttftErrorMs.p99),
      gapErrorP99: ratio(client.gapErrorMs.p99, baseline.gapErrorMs.p99),
      cpuPerToken: ratio(client.cpuUsPerToken, baseline.cpuUsPerToken),
    },
  };
}

/** Client / bare reader ceilings at every level. */
export const OPENAI_TARGETS = { errorP99Ratio: 1.5, cpuPerTokenRatio: 1.3 } as const;

export function checkOpenAITargets(levels: readonly OpenAILevelSummary[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const level of levels) {
    const { ratios } = level;
    /** A client-to-bare ratio, its bound, and the two figures it is of. */
    const row = (
      label: string,
      ratio: number | null,
      bound: number,
      figure: (r: ReaderPhaseSummary) => number | null,
      unit: string,
    ) => [label, ratio, bound, figure(level.client), figure(level.baseline), unit] as const;
    const errorBound = OPENAI_TARGETS.errorP99Ratio;
    const rows = [
      row('p99 |ttft error|', ratios.ttftErrorP99, errorBound, (r) => r.ttftErrorMs.p99, 'ms'),
      row('p99 |inter-token gap error|', ratios.gapErrorP99, errorBound, (r) => r.gapErrorMs.p99, 'ms'),
      row('CPU per token', ratios.cpuPerToken, OPENAI_TARGETS.cpuPerTokenRatio, (r) => r.cpuUsPerToken, 'µs'),
    ];
    for (const [label, r, bound, client, bare, unit] of rows) {
      checks.push({
        what: `concurrency ${level.concurrency}: client ${label} <= ${bound}x bare reader`,
        met: r !== null && r <= bound,
        detail:
          r === null
            ? 'no ratio (missing samples or a zero baseline)'
            : `${fmt(r)}x (${fmt(client, 3)} vs ${fmt(bare, 3)} ${unit})${r > bound ? `, misses by ${fmt(r - bound)}x` : ''}`,
      });
    }
  }
  return checks;
}
