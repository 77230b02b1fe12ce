/** How the benchmark was asked to run (its stored settings) and where it ran. */
import type { BenchmarkReportHead } from '../benchmark-report.js';
import { html, type SafeHtml } from './escape.js';
import { DASH, formatCount, formatInstant, formatNumber, formatUsd } from './format.js';
import type { HtmlReportEnvironment } from './report-input.js';

type Settings = Record<string, unknown>;

function facts(rows: ReadonlyArray<[string, SafeHtml | string | null]>): SafeHtml {
  return html`<dl class="facts">${rows
    .filter(([, value]) => value !== null)
    .map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

const num = (v: unknown) => (typeof v === 'number' ? formatNumber(v, 3) : null);
const seconds = (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, 3)} s` : null);

function stagesOf(settings: Settings): string | null {
  const stages = settings.stages;
  if (!Array.isArray(stages) || stages.length === 0) return null;
  const open = settings.arrival !== 'closed';
  return stages
    .map(
      (s: { duration_s?: unknown; target?: unknown }) =>
        `${num(s.duration_s)} s → ${num(s.target)}${open ? '/s' : ' in flight'}`,
    )
    .join(', ');
}

function earlyStopOf(settings: Settings): SafeHtml | null {
  const stopOn = Array.isArray(settings.stop_on) ? (settings.stop_on as string[]) : [];
  const precision = settings.until_ci_halfwidth as { metric?: string; halfwidth?: number } | null | undefined;
  if (stopOn.length === 0 && !precision) return null;
  return html`${stopOn.map((t, i) => html`${i > 0 ? ', ' : ''}<code>${String(t)}</code>`)}${
    precision
      ? html`${stopOn.length > 0 ? '; ' : ''}until the CI half-width of ${String(precision.metric)} ≤ ${String(precision.halfwidth)}`
      : ''
  }`;
}

const ARRIVAL_WORDS: Record<string, string> = {
  closed: 'closed (a new run when one ends)',
  sweep: 'sweep (a series of constant-rate steps)',
  search: 'search (a series of steps bracketing the saturation load)',
};

function sloOf(settings: Settings): string | null {
  const slo = settings.slo as Record<string, unknown> | null | undefined;
  if (!slo) return null;
  const bounds = Object.entries(slo).filter(([, v]) => typeof v === 'number');
  return bounds.length > 0 ? bounds.map(([k, v]) => `${k} ≤ ${num(v)}`).join(', ') : null;
}

function seriesOf(settings: Settings): string | null {
  const sweep = settings.sweep as { points?: number; duration_s_per_point?: number } | null | undefined;
  if (sweep) return `${num(sweep.points)} points of ${seconds(sweep.duration_s_per_point)}`;
  const search = settings.search as
    | { target_attainment?: number; over?: string; start?: number; max?: number }
    | null
    | undefined;
  if (search)
    return `attainment ≥ ${num(search.target_attainment)} over ${String(search.over)}, from ${num(search.start)} to ${num(search.max)}`;
  return null;
}

export function settingsList(head: BenchmarkReportHead): SafeHtml {
  const s = (head.benchmark.settings ?? {}) as Settings;
  const arrival = typeof s.arrival === 'string' ? s.arrival : 'closed';
  const thresholds = Array.isArray(s.thresholds) ? (s.thresholds as string[]) : [];
  const dataset = s.dataset as { id?: number; order?: string } | null | undefined;
  return facts([
    ['Iterations', formatCount(s.iterations as number)],
    ['Warm-up runs', s.warmup_runs ? formatCount(s.warmup_runs as number) : null],
    ['Arrival', ARRIVAL_WORDS[arrival] ?? `${arrival} (open)`],
    ['Series', seriesOf(s)],
    ['SLO', sloOf(s)],
    ['Concurrency', formatCount(s.concurrency as number)],
    ['Rate', typeof s.rate_per_s === 'number' ? `${formatNumber(s.rate_per_s, 3)} runs/s` : null],
    ['Stages', stagesOf(s)],
    ['Duration cap', seconds(s.duration_s)],
    ['Run timeout', seconds(s.timeout_s)],
    ['Max lag', arrival === 'constant' || arrival === 'poisson' ? seconds(s.max_lag_s) : null],
    ['Seed', arrival === 'constant' || arrival === 'poisson' ? num(s.seed) : null],
    ['Cost cap', typeof s.max_cost_usd === 'number' ? formatUsd(s.max_cost_usd) : null],
    [
      'Repeats',
      typeof s.repeats === 'number' && s.repeats > 1 ? `${num(s.repeat_index) ?? 1} of ${s.repeats}` : null,
    ],
    ['Dataset', dataset?.id ? `#${dataset.id} (${dataset.order ?? 'sequential'})` : null],
    ['Early stop', earlyStopOf(s)],
    [
      'Thresholds',
      thresholds.length > 0
        ? html`${thresholds.map((t, i) => html`${i > 0 ? html`<br>` : ''}<code>${String(t)}</code>`)}`
        : 'none',
    ],
    ['Inputs override', s.inputs_override ? html`<code>${JSON.stringify(s.inputs_override)}</code>` : null],
    ['Source', typeof s.source === 'string' ? s.source : null],
  ]);
}

export function environmentList(head: BenchmarkReportHead, env: HtmlReportEnvironment): SafeHtml {
  const b = head.benchmark;
  return facts([
    ['tfbench', env.tfbench_version],
    ['Mode', env.mode === 'mock' ? 'mock (the built-in mock provider)' : 'live'],
    ['Provider', env.provider ?? DASH],
    ['Automation', env.automation ? `${env.automation.name} (#${env.automation.id})` : null],
    ['Scenario', head.scenario ? `${head.scenario.name} (#${head.scenario.id})` : `#${b.scenario_id}`],
    ['Database', env.database],
    ['Created', formatInstant(b.created_at)],
    ['Started', formatInstant(b.started_at)],
    ['Finished', formatInstant(b.finished_at)],
    ['Report made', formatInstant(head.generated_at)],
  ]);
}
