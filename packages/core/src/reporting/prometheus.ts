/**
 * GET /metrics in the Prometheus text exposition format (version 0.0.4).
 *
 * Run figures come from the database, so every replica reports the same, cluster-wide
 * numbers (scrape one replica, or aggregate with max()): per-scenario histograms of total
 * duration and TTFT and run counters by status are read from the all-time day rollups plus
 * the runs not rolled up yet — a scrape reads a few hundred rows however many runs exist.
 * Histogram bucket counts come from the DDSketches: a value within 0.5 % of a bucket bound may
 * be counted on the other side of it. Token counters sum the token-bearing runs themselves
 * (the rollups keep no token sums), found by a partial index. Process figures (event-loop
 * delay) are this process's.
 */
import type { IntervalHistogram } from 'node:perf_hooks';
import type { DDSketch } from '@tfbench/domain/statistics';
import { sketchBuckets } from '@tfbench/domain/statistics';
import type { JobQueue, QueueCounts } from '../queue/index.js';
import {
  selectBenchmarkVerdictCounts,
  selectHeartbeatingWorkerIds,
  selectOpenRunCounts,
  selectScenarioDayRollups,
  selectScenarioNames,
  selectScenarioTokenTotals,
} from '../repositories/live-metrics.js';
import { selectTallyRuns } from '../repositories/run-rollups.js';
import { DAY_MS } from '../rollups/buckets.js';
import { RunTally } from '../rollups/tally.js';
import type { CoreDeps } from '../services/deps.js';

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Bucket bounds (seconds) of the run duration histogram: web-agent runs take seconds to minutes. */
export const DURATION_BUCKETS_S = [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1500] as const;
/** Bucket bounds (seconds) of the TTFT histogram. */
export const TTFT_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] as const;

/** What this process can tell beyond the database. */
export interface PrometheusSources {
  /** This process's event-loop delay histogram (perf_hooks.monitorEventLoopDelay), enabled by the caller. */
  eventLoopDelay?: IntervalHistogram;
  /** The job queue, when this process has one: jobs by state. */
  queue?: Pick<JobQueue, 'counts'>;
  /** Ids of workers living in this process (the embedded worker), counted as live even when idle. */
  localWorkerIds?: () => readonly string[];
  /** A running run whose heartbeat is older than this has lost its worker (default 60 s). */
  workerStaleAfterMs?: number;
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string | number>): string {
  const body = Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabelValue(String(value))}"`)
    .join(',');
  return body ? `{${body}}` : '';
}

/** A number as the text format writes it. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'histogram' | 'summary', help: string): void {
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    this.lines.push(`# TYPE ${name} ${type}`);
  }

  sample(name: string, labelPairs: Record<string, string | number>, value: number): void {
    this.lines.push(`${name}${labels(labelPairs)} ${formatValue(value)}`);
  }

  /** A histogram of a sketch in ms, exposed in seconds with cumulative buckets. */
  histogram(
    name: string,
    labelPairs: Record<string, string | number>,
    sketch: DDSketch,
    boundsS: readonly number[],
  ) {
    const buckets = sketchBuckets(sketch);
    let cumulative = 0;
    let at = 0;
    for (const bound of boundsS) {
      while (at < buckets.length && (buckets[at] as [number, number])[0] <= bound * 1000) {
        cumulative += (buckets[at] as [number, number])[1];
        at++;
      }
      this.sample(`${name}_bucket`, { ...labelPairs, le: bound }, cumulative);
    }
    this.sample(`${name}_bucket`, { ...labelPairs, le: '+Inf' }, sketch.count);
    this.sample(`${name}_sum`, labelPairs, sketch.sum / 1000);
    this.sample(`${name}_count`, labelPairs, sketch.count);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** All-time tallies per scenario: day rollups plus the runs not rolled up, in one snapshot. */
async function scenarioTallies(deps: CoreDeps): Promise<Map<number, RunTally>> {
  const tallies = new Map<number, RunTally>();
  const of = (id: number) => {
    let tally = tallies.get(id);
    if (!tally) {
      tally = new RunTally();
      tallies.set(id, tally);
    }
    return tally;
  };
  await deps.db.db.transaction(
    async (tx) => {
      for (const row of await selectScenarioDayRollups(tx)) of(row.scenario_id).addRow(row);
      const unrolled = await selectTallyRuns(
        tx,
        { kind: 'all' },
        [{ start: Number.NEGATIVE_INFINITY, end: Date.now() + DAY_MS }],
        { unrolledOnly: true },
      );
      for (const run of unrolled) of(run.scenario_id).add(run);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return tallies;
}

/**
 * The metrics document.
 *
 * @example
 * const text = await renderPrometheusMetrics(deps, { eventLoopDelay: histogram });
 * reply.type(PROMETHEUS_CONTENT_TYPE).send(text);
 */
export async function renderPrometheusMetrics(
  deps: CoreDeps,
  sources: PrometheusSources = {},
): Promise<string> {
  const staleAfterMs = sources.workerStaleAfterMs ?? 60_000;
  const [tallies, names, open, workerIds, queueCounts, verdicts, tokenTotals] = await Promise.all([
    scenarioTallies(deps),
    selectScenarioNames(deps.db.db),
    selectOpenRunCounts(deps.db.db),
    selectHeartbeatingWorkerIds(deps.db.db, new Date(Date.now() - staleAfterMs)),
    sources.queue ? sources.queue.counts('run.execute').catch(() => null) : Promise.resolve(null),
    selectBenchmarkVerdictCounts(deps.db.db),
    selectScenarioTokenTotals(deps.db.db),
  ]);
  const nameOf = new Map(names.map((s) => [s.id, s.name]));
  const scenarioIds = [...tallies.keys()].sort((x, y) => x - y);
  const scenarioLabels = (id: number) => ({ scenario_id: id, scenario: nameOf.get(id) ?? '' });
  const out = new Exposition();

  const latencyHistograms = [
    {
      name: 'tfbench_run_duration_seconds',
      help: 'Total duration of completed runs (client-side, t0 to outcome), all time.',
      sketch: 'total',
      buckets: DURATION_BUCKETS_S,
    },
    {
      name: 'tfbench_run_ttft_seconds',
      help: 'Time to the first PROGRESS event of completed runs, all time.',
      sketch: 'ttft',
      buckets: TTFT_BUCKETS_S,
    },
  ] as const;
  for (const { name, help, sketch, buckets } of latencyHistograms) {
    out.family(name, 'histogram', help);
    for (const id of scenarioIds) {
      out.histogram(name, scenarioLabels(id), (tallies.get(id) as RunTally).sketches[sketch], buckets);
    }
  }
  out.family('tfbench_runs_total', 'counter', 'Finished runs by final status (warm-up runs excluded).');
  for (const id of scenarioIds) {
    const tally = tallies.get(id) as RunTally;
    for (const [status, value] of [
      ['completed', tally.completed],
      ['failed', tally.failed],
      ['timeout', tally.timeout],
      ['cancelled', tally.cancelled],
    ] as const) {
      out.sample('tfbench_runs_total', { ...scenarioLabels(id), status }, value);
    }
  }
  for (const [family, key, what] of [
    ['tfbench_input_tokens_total', 'input_tokens', 'Prompt'],
    ['tfbench_output_tokens_total', 'output_tokens', 'Generated'],
  ] as const) {
    out.family(
      family,
      'counter',
      `${what} tokens of finished OpenAI-compatible runs (warm-up runs excluded), as the server reported or the client counted.`,
    );
    for (const row of tokenTotals) out.sample(family, scenarioLabels(row.scenario_id), row[key]);
  }
  out.family(
    'tfbench_benchmarks',
    'gauge',
    'Benchmarks by scenario, status and verdict (passed, failed, no_thresholds; empty until finished).',
  );
  const byScenario = [...verdicts].sort(
    (x, y) =>
      x.scenario_id - y.scenario_id || x.status.localeCompare(y.status) || x.verdict.localeCompare(y.verdict),
  );
  for (const row of byScenario) {
    out.sample(
      'tfbench_benchmarks',
      { ...scenarioLabels(row.scenario_id), status: row.status, verdict: row.verdict },
      row.count,
    );
  }
  out.family('tfbench_runs_in_flight', 'gauge', 'Runs executing now (status running), in any process.');
  out.sample('tfbench_runs_in_flight', {}, open.running);
  out.family(
    'tfbench_queue_depth',
    'gauge',
    'Runs waiting to execute (status pending): the work queue as the runs table holds it.',
  );
  out.sample('tfbench_queue_depth', {}, open.pending);
  if (queueCounts) {
    out.family('tfbench_queue_jobs', 'gauge', 'run.execute jobs in the job queue by state.');
    for (const state of ['waiting', 'active', 'delayed'] as const satisfies ReadonlyArray<
      keyof QueueCounts
    >) {
      out.sample('tfbench_queue_jobs', { state }, queueCounts[state]);
    }
  }
  const live = new Set([...workerIds, ...(sources.localWorkerIds?.() ?? [])]);
  out.family(
    'tfbench_workers_live',
    'gauge',
    'Workers alive: those heart-beating a running run, plus the workers of this process.',
  );
  out.sample('tfbench_workers_live', {}, live.size);
  const loop = sources.eventLoopDelay;
  if (loop && loop.count > 0) {
    out.family(
      'tfbench_event_loop_delay_seconds',
      'summary',
      "This process's event-loop delay since it started.",
    );
    for (const q of [0.5, 0.9, 0.99]) {
      out.sample('tfbench_event_loop_delay_seconds', { quantile: q }, loop.percentile(q * 100) / 1e9);
    }
    out.sample('tfbench_event_loop_delay_seconds_sum', {}, (loop.mean * loop.count) / 1e9);
    out.sample('tfbench_event_loop_delay_seconds_count', {}, loop.count);
    out.family(
      'tfbench_event_loop_delay_max_seconds',
      'gauge',
      'Largest event-loop delay of this process since it started.',
    );
    out.sample('tfbench_event_loop_delay_max_seconds', {}, loop.max / 1e9);
  }
  return out.text();
}
